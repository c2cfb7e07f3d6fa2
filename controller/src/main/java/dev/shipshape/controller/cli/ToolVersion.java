package dev.shipshape.controller.cli;

import picocli.CommandLine;

/** The version of shipshape itself, from the jar's manifest. */
public final class ToolVersion implements CommandLine.IVersionProvider {
    public static String get() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"shipshape " + get()};
    }
}
