import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Local signing keys and tokens for the gateway (never for production: there, tokens come from your identity
 * provider and the gateway reads its JWKS).
 *   java Token.java init DIR          RSA key: DIR/private.pem, DIR/jwks.json (the gateway's KAA_JWT_KEYS), DIR/kid
 *   java Token.java mint DIR --org acme --roles analyst[,viewer] [--user alice@acme.example] [--ttl 3600]
 *                                    [--issuer https://kaa.local/issuer] [--audience kaa-reports]
 */
public class Token {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("init")) {
            init(dir);
            return;
        }
        Map<String, String> options = new LinkedHashMap<>(Map.of("--ttl", "3600", "--issuer", "https://kaa.local/issuer",
                "--audience", "kaa-reports", "--roles", "analyst", "--org", "acme"));
        for (int i = 2; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        options.putIfAbsent("--user", "dev@" + options.get("--org") + ".example");
        System.out.println(mint(dir, options));
    }

    static void init(Path dir) throws Exception {
        Files.createDirectories(dir);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String kid = "local-" + LocalDate.now();
        Files.writeString(dir.resolve("private.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        dir.resolve("private.pem").toFile().setReadable(false, false);
        dir.resolve("private.pem").toFile().setReadable(true, true);
        RSAPublicKey key = (RSAPublicKey) pair.getPublic();
        Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid
                + "\",\"n\":\"" + b64(unsigned(key.getModulus())) + "\",\"e\":\"" + b64(unsigned(key.getPublicExponent())) + "\"}]}\n");
        Files.writeString(dir.resolve("kid"), kid);
    }

    static String mint(Path dir, Map<String, String> o) throws Exception {
        String pem = Files.readString(dir.resolve("private.pem")).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        long now = Instant.now().getEpochSecond();
        List<String> roles = new ArrayList<>();
        for (String role : o.get("--roles").split(",")) {
            roles.add("\"" + role.trim() + "\"");
        }
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + Files.readString(dir.resolve("kid")).trim() + "\"}";
        String claims = "{\"iss\":\"" + o.get("--issuer") + "\",\"aud\":\"" + o.get("--audience") + "\",\"sub\":\"" + o.get("--user")
                + "\",\"upn\":\"" + o.get("--user") + "\",\"email\":\"" + o.get("--user") + "\",\"org\":\"" + o.get("--org")
                + "\",\"groups\":[" + String.join(",", roles) + "],\"iat\":" + now + ",\"exp\":" + (now + Long.parseLong(o.get("--ttl")))
                + ",\"jti\":\"" + java.util.UUID.randomUUID() + "\"}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64(signature.sign());
    }

    static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
