#!/usr/bin/env bash
# make_test_ca.sh OUTDIR: throwaway PKI for HTTPS tests, made with the openssl CLI.
#
#   ca.crt / ca.key                 the test CA (pass ca.crt as the client's ca_file)
#   server.crt / server.key         signed by the CA for IP:127.0.0.1 and DNS:localhost
#   wrong-host.crt / wrong-host.key signed by the CA, but for DNS:wrong.example only
#   untrusted-ca.crt / .key         a second, self-signed CA nobody trusts
#   untrusted.crt / untrusted.key   signed by that CA for IP:127.0.0.1 and DNS:localhost
#
# EC P-256 keys keep it fast (well under a second). Certificates are valid from
# a day ago (clock skew) for 30 days: tests make a fresh set every run.
set -euo pipefail
out=${1:?usage: make_test_ca.sh OUTDIR}
mkdir -p "$out"
cd "$out"

new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# make_ca NAME SUBJECT: a self-signed CA certificate NAME.crt with key NAME.key.
make_ca() {
  new_key "$1.key"
  openssl req -new -x509 -key "$1.key" -out "$1.crt" -days 30 -subj "$2" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

# make_leaf NAME CA SUBJECT_ALT_NAME: NAME.crt/NAME.key signed by CA.crt/CA.key.
make_leaf() {
  local name=$1 ca=$2 san=$3
  new_key "$name.key"
  openssl req -new -key "$name.key" -subj "/CN=gazette test $name" -out "$name.csr" 2>/dev/null
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n' \
    "$san" >"$name.ext"
  openssl x509 -req -in "$name.csr" -CA "$ca.crt" -CAkey "$ca.key" -CAcreateserial \
    -days 30 -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

make_ca ca "/CN=Gazette Test CA"
make_leaf server ca "IP:127.0.0.1,DNS:localhost"
make_leaf wrong-host ca "DNS:wrong.example"
make_ca untrusted-ca "/CN=Gazette Untrusted CA"
make_leaf untrusted untrusted-ca "IP:127.0.0.1,DNS:localhost"
rm -f ./*.srl
echo "$out"
