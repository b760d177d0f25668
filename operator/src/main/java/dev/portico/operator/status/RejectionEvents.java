package dev.portico.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Kubernetes Events (type Warning) for objects the operator refuses: {@code kubectl describe} shows why,
 * with the message that names the field. One event per new refusal, not one per reconcile.
 */
public final class RejectionEvents {
    private static final System.Logger LOG = System.getLogger(RejectionEvents.class.getName());
    private static final String COMPONENT = "portico-operator";

    private final KubernetesClient client;
    private final Clock clock;

    public RejectionEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Emits an event for every refusal in {@code after} that {@code before} did not already report. */
    public void report(HasMetadata object, List<Condition> before, List<Condition> after) {
        for (Condition condition : after) {
            if (isRefusal(condition) && !alreadyReported(before, condition)) {
                emit(object, condition.getReason(), condition.getType() + ": " + condition.getMessage());
            }
        }
    }

    static boolean isRefusal(Condition c) {
        return "False".equals(c.getStatus()) && (!Programmed.TYPE.equals(c.getType())
                || Programmed.REJECTED.equals(c.getReason()));
    }

    private static boolean alreadyReported(List<Condition> before, Condition c) {
        Condition previous = Conditions.find(before, c.getType());
        return previous != null && Objects.equals(previous.getStatus(), c.getStatus())
                && Objects.equals(previous.getReason(), c.getReason())
                && Objects.equals(previous.getMessage(), c.getMessage());
    }

    private void emit(HasMetadata object, String reason, String message) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        var event = new EventBuilder()
                .withNewMetadata().withNamespace(object.getMetadata().getNamespace())
                .withName(object.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(object.getApiVersion())
                        .withKind(object.getKind()).withName(object.getMetadata().getName())
                        .withNamespace(object.getMetadata().getNamespace()).withUid(object.getMetadata().getUid())
                        .build())
                .withType("Warning").withReason(reason).withMessage(message)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
        try {
            client.v1().events().inNamespace(object.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.log(Level.WARNING, "cannot record event {0} on {1}/{2}: {3}", reason,
                    object.getMetadata().getNamespace(), object.getMetadata().getName(), e.getMessage());
        }
    }
}
