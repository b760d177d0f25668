package dev.portico.e2e.deploy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** What a module's pom says about the runnable jar it builds: name, version and main class. */
record MavenModule(String dir, String artifactId, String version, String mainClass) {

    static MavenModule read(String dir) {
        Document pom = parse(dir + "/pom.xml");
        Document parent = parse("pom.xml");
        String mainClass = pom.getElementsByTagName("mainClass").getLength() == 0 ? null
                : pom.getElementsByTagName("mainClass").item(0).getTextContent().strip();
        return new MavenModule(dir, child(pom.getDocumentElement(), "artifactId"),
                child(parent.getDocumentElement(), "version"), mainClass);
    }

    /** The jar {@code mvn package} writes, relative to the repository root. */
    String jar() {
        return dir + "/target/" + artifactId + "-" + version + ".jar";
    }

    /** The runtime class path the dependency plugin copies beside it. */
    String lib() {
        return dir + "/target/lib/";
    }

    private static String child(Element element, String name) {
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child && child.getTagName().equals(name)) {
                return child.getTextContent().strip();
            }
        }
        throw new AssertionError("no <" + name + "> directly under <" + element.getTagName() + ">");
    }

    private static Document parse(String path) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(Repo.read(path).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("cannot parse " + path, e);
        }
    }
}
