package dev.shipshape.controller.notify;

import dev.shipshape.model.desired.NotifyTarget;
import dev.shipshape.model.events.ServerEvent;
import dev.shipshape.model.plan.Redact;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

/** An e-mail per event through an SMTP server (Jakarta Mail, Angus Mail's SMTP provider). */
final class EmailTarget implements Target {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final NotifyTarget target;
    private final NotifyTarget.Email email;
    private final Path credentialsFile;

    EmailTarget(String name, NotifyTarget target, Path baseDir) {
        this.name = name;
        this.target = target;
        this.email = target.email();
        this.credentialsFile = email.credentialsFile() == null ? null : baseDir.resolve(email.credentialsFile()).normalize();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean wants(ServerEvent event) {
        return target.wants(event.kind());
    }

    /** The session's settings: bounded timeouts, and TLS as asked with the server's name checked. */
    Properties properties() {
        Properties p = new Properties();
        String millis = Long.toString(TIMEOUT.toMillis());
        p.put("mail.smtp.host", email.host());
        p.put("mail.smtp.port", Integer.toString(email.port()));
        p.put("mail.smtp.connectiontimeout", millis);
        p.put("mail.smtp.timeout", millis);
        p.put("mail.smtp.writetimeout", millis);
        switch (email.tls()) {
            case STARTTLS -> {
                p.put("mail.smtp.starttls.enable", "true");
                // never fall back to a plain connection when the server does not offer STARTTLS
                p.put("mail.smtp.starttls.required", "true");
                p.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> {
                p.put("mail.smtp.ssl.enable", "true");
                p.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case NONE -> {
            }
        }
        if (credentialsFile != null) {
            p.put("mail.smtp.auth", "true");
        }
        return p;
    }

    @Override
    public void deliver(ServerEvent event) throws DeliveryException {
        String[] credentials = credentialsFile == null ? null : SecretFile.credentials(credentialsFile, "credentialsFile");
        Session session = Session.getInstance(properties());
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(email.from(), true));
            for (String to : email.to()) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            }
            message.setSubject(EventBodies.title(event), "UTF-8");
            message.setText(EventBodies.text(event) + "\n\n-- \nsent by shipshape (" + event.kind().wireName() + ", "
                    + event.key() + ")\n", "UTF-8");
            message.setHeader("X-Shipshape-Event", event.kind().wireName());
            message.setSentDate(Date.from(event.at()));
            if (credentials == null) {
                Transport.send(message);
            } else {
                Transport.send(message, credentials[0], credentials[1]);
            }
        } catch (MessagingException e) {
            String why = Redact.controls(String.valueOf(e.getMessage()));
            if (credentials != null && !credentials[1].isEmpty()) {
                why = why.replace(credentials[1], Redact.MASK);
            }
            throw new DeliveryException("the SMTP server " + email.host() + ":" + email.port() + " did not take the e-mail ("
                    + e.getClass().getSimpleName() + ": " + (why.length() > 200 ? why.substring(0, 200) + "…" : why) + ")");
        }
    }
}
