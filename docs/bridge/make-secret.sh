SECRET_FILE=${SECRET_FILE:-/etc/gatehouse/bridge-files.secret}
umask 077
mkdir -p "$(dirname "$SECRET_FILE")"
# 256 random bits as 43 base64 characters, readable by its owner only
head -c 32 /dev/urandom | base64 | tr -d '\n=' > "$SECRET_FILE"
