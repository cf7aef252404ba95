namespace UcStack.Tls;

/// <summary>The key pair of a development certificate.</summary>
public enum TlsDevelopmentKeyAlgorithm
{
    /// <summary>ECDSA on NIST P-256 with SHA-256 (small and fast; the default).</summary>
    EcdsaP256,

    /// <summary>RSA 2048 with SHA-256 and PKCS#1 v1.5 signatures, for peers without ECDSA.</summary>
    Rsa2048,
}
