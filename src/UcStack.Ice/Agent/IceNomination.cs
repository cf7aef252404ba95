namespace UcStack.Ice;

/// <summary>How a controlling agent nominates pairs (RFC 8445 §8.1.1; RFC 5245 §8.1.1).</summary>
public enum IceNomination
{
    /// <summary>
    /// Regular nomination (RFC 8445 §8.1.1): checks run without USE-CANDIDATE; once a component has a valid pair, the
    /// best one is checked again with USE-CANDIDATE. Slower, but the nominated pair is the best that works.
    /// </summary>
    Regular,

    /// <summary>
    /// Aggressive nomination (RFC 5245 §8.1.1.2, deprecated by RFC 8445 but still spoken by RFC 5245 and MS-ICE2
    /// peers): USE-CANDIDATE on every check, so the first pair to succeed is selected at once and a higher-priority
    /// pair that succeeds later replaces it.
    /// </summary>
    Aggressive,
}
