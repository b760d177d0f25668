package dev.portico.e2e.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.util.Map;

/** The Helm chart in deploy/helm/portico, rendered and linted in-process by the Helm Java binding. */
final class PorticoChart {
    static final String DIR = "deploy/helm/portico";
    static final String RELEASE = "portico";
    static final String NAMESPACE = "portico-system";
    private static volatile Manifests defaults;

    private PorticoChart() {
    }

    /** {@code helm template portico deploy/helm/portico -n portico-system --set k=v ...} */
    static Manifests render(Map<String, Object> values) {
        return render(RELEASE, NAMESPACE, values);
    }

    static Manifests render(String release, String namespace, Map<String, Object> values) {
        TemplateCommand template = new Helm(Repo.path(DIR)).template().withName(release).withNamespace(namespace);
        values.forEach(template::set);
        return Manifests.parse("helm template " + release + " " + DIR + " -n " + namespace + " " + values, template.call());
    }

    /** The chart with its default values, rendered once per test JVM (the random token is then fixed too). */
    static Manifests render() {
        Manifests cached = defaults;
        if (cached == null) {
            cached = render(Map.of());
            defaults = cached;
        }
        return cached;
    }

    /** {@code helm lint --strict deploy/helm/portico} */
    static LintResult lint() {
        return new Helm(Repo.path(DIR)).lint().strict().call();
    }
}
