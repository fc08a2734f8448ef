#!/usr/bin/env bash
# Makes a throwaway PKI for TLS tests with the openssl CLI:
#   make_test_ca.sh OUTDIR
# OUTDIR/ca.crt                       test CA (pass as ca_file)
# OUTDIR/server.{crt,key}             for 127.0.0.1 and localhost, signed by the CA
# OUTDIR/wrong-host.{crt,key}         signed by the CA, for wrong.example only
# OUTDIR/untrusted.{crt,key}          for 127.0.0.1, signed by another CA nobody trusts
set -euo pipefail
out=${1:?usage: make_test_ca.sh OUTDIR}
mkdir -p "$out"
cd "$out"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
ca() {  # ca NAME SUBJECT
  key "$1.key"
  openssl req -x509 -new -key "$1.key" -subj "/CN=$2" -days 2 -sha256 \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    -out "$1.crt" 2>/dev/null
}
leaf() {  # leaf NAME CA SAN
  key "$1.key"
  openssl req -new -key "$1.key" -subj "/CN=$1" -out "$1.csr" 2>/dev/null
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$3" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.crt" -CAkey "$2.key" -CAcreateserial -days 2 -sha256 \
    -extfile "$1.ext" -out "$1.crt" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
ca ca "Gazette Test CA"
ca other-ca "Untrusted Test CA"
leaf server ca "IP:127.0.0.1,DNS:localhost"
leaf wrong-host ca "DNS:wrong.example"
leaf untrusted other-ca "IP:127.0.0.1,DNS:localhost"
echo "$out"
