package dev.portico.operator.status;

import dev.portico.operator.translate.ConditionFact;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Turns condition facts into {@code metav1.Condition}s whose {@code lastTransitionTime} moves only on a transition. */
final class Conditions {

    private Conditions() {
    }

    static List<Condition> of(List<Condition> previous, long generation, Clock clock, ConditionFact... facts) {
        List<Condition> conditions = new ArrayList<>(facts.length);
        for (ConditionFact fact : facts) {
            Condition before = find(previous, fact.type());
            String since = before != null && Objects.equals(before.getStatus(), fact.status())
                    && before.getLastTransitionTime() != null
                    ? before.getLastTransitionTime()
                    : clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
            conditions.add(new ConditionBuilder().withType(fact.type()).withStatus(fact.status())
                    .withReason(fact.reason()).withMessage(fact.message() == null ? "" : fact.message())
                    .withObservedGeneration(generation).withLastTransitionTime(since).build());
        }
        return conditions;
    }

    static Condition find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }
}
