package dev.portico.e2e.deploy;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A Dockerfile read as its instructions (continuation lines joined, comments dropped); no Docker engine needed. */
record Dockerfile(String path, List<String[]> instructions) {

    static Dockerfile read(String path) {
        List<String[]> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Repo.read(path).lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String full = current.toString().strip();
            current.setLength(0);
            if (!full.isEmpty()) {
                int space = full.indexOf(' ');
                instructions.add(new String[] {full.substring(0, space).toUpperCase(), full.substring(space + 1).strip()});
            }
        }
        return new Dockerfile(path, List.copyOf(instructions));
    }

    List<String> all(String instruction) {
        return instructions.stream().filter(i -> i[0].equals(instruction)).map(i -> i[1]).toList();
    }

    String only(String instruction) {
        List<String> found = all(instruction);
        if (found.size() != 1) {
            throw new AssertionError(path + " has " + found.size() + " " + instruction + " instructions, expected 1");
        }
        return found.get(0);
    }

    /** ENTRYPOINT or CMD in exec (JSON array) form; the shell form would not forward SIGTERM to java. */
    List<String> execForm(String instruction) {
        String value = only(instruction);
        if (!value.startsWith("[")) {
            throw new AssertionError(path + ": " + instruction + " must use the exec form [\"...\"], not " + value);
        }
        return Arrays.asList(Serialization.unmarshal(value, String[].class));
    }

    Set<Integer> exposedPorts() {
        return all("EXPOSE").stream().flatMap(e -> Arrays.stream(e.split("\\s+")))
                .map(p -> Integer.parseInt(p.replace("/tcp", ""))).collect(Collectors.toCollection(TreeSet::new));
    }

    /** COPY sources (build-context paths), in order. */
    List<String> copySources() {
        return all("COPY").stream().map(c -> c.split("\\s+")).filter(parts -> !parts[0].startsWith("--"))
                .map(parts -> parts[0]).toList();
    }
}
