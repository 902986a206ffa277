"""
KMS Sign with MessageType DIGEST, which moto 5.2 ignores: it hashes the digest again as if it were the message, so a
signature over a PDF's signed attributes would never verify. Real KMS signs the digest as given (PKCS#1 v1.5 over
the DigestInfo for RSA, ECDSA over the digest), which is what the seal's KMS key (functions/adapters/aws/
kms-signing-key.ts) relies on. RAW messages are left to moto. Loaded by sitecustomize.py.
"""
import base64
import json

try:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
    from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
    from moto.kms.responses import KmsResponse
except Exception:  # not moto 5's layout: run unpatched
    KmsResponse = None

_HASHES = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512} if KmsResponse is not None else {}

if KmsResponse is not None and hasattr(KmsResponse, "sign"):
    _moto_sign = KmsResponse.sign

    def sign(self):
        algorithm = self._get_param("SigningAlgorithm") or ""
        hash_class = _HASHES.get(algorithm[-3:])
        if self._get_param("MessageType") != "DIGEST" or hash_class is None:
            return _moto_sign(self)
        self._validate_key_id(self._get_param("KeyId"))  # moto's NotFoundException for an unknown key, as KMS
        key = self.kms_backend.describe_key(self._get_param("KeyId"))
        private_key = getattr(key.private_key, "private_key", None)
        message = self._get_param("Message")
        if isinstance(message, str):
            message = base64.b64decode(message)
        prehashed = Prehashed(hash_class())
        if isinstance(private_key, rsa.RSAPrivateKey) and algorithm.startswith("RSASSA_PKCS1_V1_5_"):
            signature = private_key.sign(message, padding.PKCS1v15(), prehashed)
        elif isinstance(private_key, ec.EllipticCurvePrivateKey) and algorithm.startswith("ECDSA_"):
            signature = private_key.sign(message, ec.ECDSA(prehashed))
        else:
            return _moto_sign(self)
        return json.dumps({
            "KeyId": key.arn,
            "Signature": base64.b64encode(signature).decode("utf-8"),
            "SigningAlgorithm": algorithm,
        })

    KmsResponse.sign = sign
