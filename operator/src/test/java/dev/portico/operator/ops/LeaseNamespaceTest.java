package dev.portico.operator.ops;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseNamespaceTest {
    private static final Set<String> INSTALLED = Set.of("default", "portico-system", "shop");
    private static final Set<String> BARE = Set.of("default", "shop");

    @Test
    void aChosenNamespaceWins() {
        assertThat(LeaseNamespace.choose("ops", "portico-system", "shop", INSTALLED::contains)).isEqualTo("ops");
    }

    @Test
    void inAPodTheLeaseLivesWithThePodWhereItsRoleAllowsLeases() {
        assertThat(LeaseNamespace.choose(null, "gateway-system", "shop", INSTALLED::contains))
                .isEqualTo("gateway-system");
    }

    @Test
    void outsideAPodTheOperatorContendsWithTheInstalledOne() {
        assertThat(LeaseNamespace.choose(null, null, null, INSTALLED::contains)).isEqualTo("portico-system");
        assertThat(LeaseNamespace.choose(null, null, null, BARE::contains)).isEqualTo("default");
        assertThat(LeaseNamespace.choose(null, null, "shop", INSTALLED::contains))
                .as("a namespaced operator may hold Leases nowhere else").isEqualTo("shop");
    }
}
