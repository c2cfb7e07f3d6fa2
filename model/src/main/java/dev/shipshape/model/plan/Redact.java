package dev.shipshape.model.plan;

import java.net.URI;

/** Keeps credentials written into URLs out of plans and logs. */
public final class Redact {
    private Redact() {
    }

    public static String url(URI url) {
        if (url.getUserInfo() == null) {
            return url.toString();
        }
        return url.toString().replace(url.getRawUserInfo() + "@", "***@");
    }
}
