package dev.corojobs.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * An OAuth2 issuer reduced to what a resource server reads: a JWK set on loopback HTTP with one RSA key made for
 * the test, and tokens signed by it (or by a key the set does not hold).
 */
final class JwkSetServer implements AutoCloseable {

    private final RSAKey key;
    private final RSAKey stranger;
    private final HttpServer server;

    private JwkSetServer(RSAKey key, RSAKey stranger, HttpServer server) {
        this.key = key;
        this.stranger = stranger;
        this.server = server;
    }

    static JwkSetServer start() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID("test-issuer").generate();
            RSAKey stranger = new RSAKeyGenerator(2048).keyID("test-issuer").generate();
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/jwks.json", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (var body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            server.start();
            return new JwkSetServer(key, stranger, server);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String jwkSetUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }

    /** A token for {@code subject} with these claims (e.g. {@code scope}), valid for five minutes. */
    String token(String subject, Map<String, Object> claims) {
        return sign(key, subject, claims, Instant.now().plus(Duration.ofMinutes(5)));
    }

    String expiredToken(String subject, Map<String, Object> claims) {
        return sign(key, subject, claims, Instant.now().minus(Duration.ofMinutes(10)));
    }

    /** Signed by a key that is not in the set, under the same key id. */
    String forgedToken(String subject, Map<String, Object> claims) {
        return sign(stranger, subject, claims, Instant.now().plus(Duration.ofMinutes(5)));
    }

    private static String sign(RSAKey with, String subject, Map<String, Object> claims, Instant expiry) {
        JWTClaimsSet.Builder body = new JWTClaimsSet.Builder().subject(subject).issueTime(new Date())
                .expirationTime(Date.from(expiry));
        claims.forEach(body::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), body.build());
        try {
            jwt.sign(new RSASSASigner(with));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
