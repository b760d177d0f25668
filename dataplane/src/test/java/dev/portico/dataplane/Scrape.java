package dev.portico.dataplane;

/** Reading a Prometheus scrape in tests. */
public final class Scrape {
    private Scrape() {
    }

    /** The value of the sample {@code series} (name and labels as scraped), or null when the scrape has none. */
    public static Double sample(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " "))
                .map(l -> Double.valueOf(l.substring(series.length() + 1))).findFirst().orElse(null);
    }
}
