package dev.portico.snapshot;

/** One ready backend address: IP (or host name in the sandbox) and target port. */
public record Endpoint(String address, int port) {

    public String authority() {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }
}
