package dev.portico.dataplane;

/** Prints whether Netty uses sun.misc.Unsafe in this JVM: run by {@link JvmOptionsTest} with the shipped flags. */
public final class NettyUnsafeProbe {
    private NettyUnsafeProbe() {
    }

    public static void main(String[] args) {
        System.out.println("netty unsafe: " + io.netty.util.internal.PlatformDependent.hasUnsafe());
    }
}
