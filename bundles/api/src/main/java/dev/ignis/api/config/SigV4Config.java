package dev.ignis.api.config;

/** {@code remote_write.sigv4}: AWS Signature V4 settings; "" = unset. */
public record SigV4Config(String region, String accessKey, Secret secretKey, String profile, String roleArn) {
}
