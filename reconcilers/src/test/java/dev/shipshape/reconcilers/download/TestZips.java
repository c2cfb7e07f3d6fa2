package dev.shipshape.reconcilers.download;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds release zips, good and hostile, in memory. */
final class TestZips {
    static final String COMPOSE = "services:\n  web:\n    image: {{images.web}}\n";

    private TestZips() {
    }

    static String manifest(String version) {
        return "product: demo-server\nversion: " + version + "\nimages: {web: \"127.0.0.1:5000/demo/web:" + version + "\"}\n";
    }

    /** A valid package of {@code version}. */
    static Map<String, byte[]> release(String version) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.yaml", utf8(manifest(version)));
        files.put("variables/default.yaml", utf8("mainDomain: example.test\n"));
        files.put("config/", new byte[0]);
        files.put("config/compose.yaml.tmpl", utf8(COMPOSE));
        return files;
    }

    static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                out.putNextEntry(new ZipEntry(f.getKey()));
                out.write(f.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Marks the entry {@code name} as a Unix symbolic link in the central directory, as `zip -y` does. */
    static byte[] markSymlink(byte[] zip, String name) {
        ByteBuffer b = ByteBuffer.wrap(zip.clone()).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = utf8(name);
        for (int i = 0; i + 46 <= b.limit(); i++) {
            if (b.getInt(i) == 0x02014b50) {
                int nameLen = Short.toUnsignedInt(b.getShort(i + 28));
                byte[] n = new byte[nameLen];
                b.get(i + 46, n);
                if (java.util.Arrays.equals(n, wanted)) {
                    b.put(i + 5, (byte) 3); // made by: Unix
                    b.putInt(i + 38, (0120777) << 16);
                    return b.array();
                }
            }
        }
        throw new IllegalArgumentException("no entry " + name);
    }

    /** Replaces every occurrence of {@code from} by {@code to} (same length): renames entries behind ZipOutputStream's back. */
    static byte[] replace(byte[] data, String from, String to) {
        byte[] f = utf8(from);
        byte[] t = utf8(to);
        if (f.length != t.length) {
            throw new IllegalArgumentException("same length only");
        }
        byte[] out = data.clone();
        int count = 0;
        for (int i = 0; i + f.length <= out.length; i++) {
            if (java.util.Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, out, i, t.length);
                count++;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("not found: " + from);
        }
        return out;
    }
}
