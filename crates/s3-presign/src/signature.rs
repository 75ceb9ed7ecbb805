//! Stage 4 of SigV4: the signature, `hex(HMAC(signing key, string to sign))`.

use crate::signing_key::SigningKey;
use hmac::Mac;

/// Signs the string to sign given in pieces (their concatenation is what is signed).
pub fn sign_pieces(key: &SigningKey, pieces: &[&str]) -> String {
    let mut mac = key.mac();
    for piece in pieces {
        mac.update(piece.as_bytes());
    }
    crate::hex::encode(&mac.finalize().into_bytes())
}

/// Signs a whole string to sign.
pub fn sign(key: &SigningKey, string_to_sign: &str) -> String {
    sign_pieces(key, &[string_to_sign])
}
