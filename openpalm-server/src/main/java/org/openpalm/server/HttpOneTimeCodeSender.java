package org.openpalm.server;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.portal.OneTimeCode;
import org.openpalm.payments.portal.OneTimeCodeSender;
import org.openpalm.server.http.Json;

/**
 * Sends the portal sign-in code through an SMS gateway: {@code POST url} with
 * {@code {"to": "+E164", "text": "Your OpenPalm sign-in code is 123456"}} and, when configured,
 * {@code Authorization: Bearer <token>}. A non-2xx answer is a failure (logged by the caller
 * with the phone's last four digits only).
 */
public final class HttpOneTimeCodeSender implements OneTimeCodeSender {
    /** The message sent to the gateway. */
    public record SmsOut(String to, String text) {}

    private final PortalSettings.CodeSender.Http settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public HttpOneTimeCodeSender(PortalSettings.CodeSender.Http settings) {
        this.settings = settings;
    }

    @Override
    public void send(PhoneNumber phone, OneTimeCode code) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(new SmsOut(phone.e164(), "Your OpenPalm sign-in code is " + code.reveal()))));
        settings.bearerToken().ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status < 200 || status >= 300) throw new IllegalStateException("the SMS gateway answered HTTP " + status);
        } catch (IOException e) {
            throw new IllegalStateException("the SMS gateway could not be reached: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending");
        }
    }
}
