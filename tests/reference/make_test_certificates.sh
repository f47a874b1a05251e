#!/usr/bin/env bash
# Writes the certificates of the CA-bundle and proxy tests (runtime/tests/tls_and_proxies.rs) into
# tests/fixtures/tls/: a certificate authority that no root store knows, and a server
# certificate it signed for 127.0.0.1 and localhost. Run from anywhere, with openssl:
#
#     bash tests/reference/make_test_certificates.sh
#
# They are valid for a hundred years, so the test does not expire; the keys protect nothing.
set -euo pipefail
out="$(cd "$(dirname "$0")/../fixtures/tls" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
    -keyout ca.key -out ca.pem -days 36500 -subj "/CN=awsgen test CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
    -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
cat > server.ext <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost
EXT
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
    -out server.pem -days 36500 -extfile server.ext 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in server.key -out server-key.pem

cp ca.pem server.pem server-key.pem "$out/"
