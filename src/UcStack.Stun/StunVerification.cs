namespace UcStack.Stun;

/// <summary>The outcome of checking MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 or FINGERPRINT.</summary>
public enum StunVerification
{
    /// <summary>The message does not carry the attribute.</summary>
    Absent = 0,

    /// <summary>The attribute is present and its value matches.</summary>
    Ok,

    /// <summary>The attribute is present and its value does not match.</summary>
    Failed,
}
