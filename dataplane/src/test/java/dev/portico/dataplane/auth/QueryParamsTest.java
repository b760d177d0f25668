package dev.portico.dataplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryParamsTest {
    @Test
    void readsDecodedValuesOfEveryParameterWithTheName() {
        assertThat(QueryParams.values("a=1&api_key=k%2B1&b=2", "api_key")).containsExactly("k+1");
        assertThat(QueryParams.values("api%5Fkey=x&api_key=y", "api_key")).containsExactly("x", "y");
        assertThat(QueryParams.values("api_key", "api_key")).containsExactly("");
        assertThat(QueryParams.values("api_keys=1", "api_key")).isEmpty();
        assertThat(QueryParams.values(null, "api_key")).isEmpty();
    }

    @Test
    void removesOnlyThatParameterAndKeepsTheRestAsSent() {
        assertThat(QueryParams.without("a=%2F&api_key=k&b=x+y", "api_key")).isEqualTo("a=%2F&b=x+y");
        assertThat(QueryParams.without("api_key=k", "api_key")).isNull();
        assertThat(QueryParams.without("api%5fkey=k&z", "api_key")).isEqualTo("z");
        assertThat(QueryParams.without("a=1", "api_key")).isEqualTo("a=1");
    }

    @Test
    void malformedEscapesNeitherMatchNorBreak() {
        assertThat(QueryParams.values("api_key=%zz", "api_key")).as("present but unreadable").hasSize(1).containsNull();
        assertThat(QueryParams.without("%zz=1&api_key=k", "api_key")).isEqualTo("%zz=1");
    }
}
