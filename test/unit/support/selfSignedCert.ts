// A self-signed certificate for 127.0.0.1 and localhost (P-256, valid for 100 years), made with
//   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 -subj /CN=127.0.0.1 \
//     -addext subjectAltName=IP:127.0.0.1,DNS:localhost
// for tests of strict TLS: no system trusts it.
export const SELF_SIGNED_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgtAuKmSWqZQAhjGOW
fogc+UYSbnvBvPFR+QhjlI3pmROhRANCAATx40EAClATn+GNVZR6KW2kUrWah4Sp
imJMPkP1kXgZDqC6mwlh6Zv0c6SMZD44O+bgzaMQO7rPCaHArkerpHLP
-----END PRIVATE KEY-----`;

export const SELF_SIGNED_CERT = `-----BEGIN CERTIFICATE-----
MIIBmjCCAUGgAwIBAgIUFX7PqUjGEM8F3l/U8xAvQHkPazkwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyMjE2NTAzNloYDzIxMjYxMDI5
MTY1MDM2WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATx40EAClATn+GNVZR6KW2kUrWah4SpimJMPkP1kXgZDqC6mwlh6Zv0
c6SMZD44O+bgzaMQO7rPCaHArkerpHLPo28wbTAdBgNVHQ4EFgQUfoBwy//72W+J
09ySdaZQjZAyHXAwHwYDVR0jBBgwFoAUfoBwy//72W+J09ySdaZQjZAyHXAwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI
zj0EAwIDRwAwRAIgX1s7jX9ddXHxkVeNZZfFLOP88H7W+0Hud5O3WueKqbMCIBVx
S5VQS/FvifvflYfX4Z9apoReSU3A/AbNc5EKBf5Q
-----END CERTIFICATE-----`;
