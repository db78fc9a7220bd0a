package org.openpalm.server;

import java.util.Optional;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The Jetty connectors: plain HTTP, or HTTPS from a PKCS#12 keystore ({@code http.tls.*}). */
final class Listeners {
    private Listeners() {}

    static ServerConnector connector(Server server, HttpConfiguration base, String host, int port, Optional<HttpSettings.Tls> tls) {
        ServerConnector connector;
        if (tls.isPresent()) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(tls.get().keystoreFile().toAbsolutePath().toString());
            ssl.setKeyStoreType("PKCS12");
            ssl.setKeyStorePassword(tls.get().keystorePassword());
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            HttpConfiguration https = new HttpConfiguration(base);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // clients may use an IP address or a name the certificate does not list (behind a load balancer, tests);
            // certificate checking is the client's job, Jetty's SNI check would only turn such requests away
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(base));
        }
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
