package dev.portico.dataplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The JVM flags Portico ships for data-plane processes, for launchers that start them from Java. */
public final class JvmOptions {
    /** Class-path resource; also a java @argument file as it stands. */
    public static final String RESOURCE = "portico/dataplane-jvm.options";

    private JvmOptions() {
    }

    /** The flags of {@link #RESOURCE}, comments and blank lines left out. */
    public static List<String> dataPlane() {
        try (InputStream in = JvmOptions.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            List<String> flags = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String flag = line.strip();
                if (!flag.isEmpty() && !flag.startsWith("#")) {
                    flags.add(flag);
                }
            }
            return List.copyOf(flags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
