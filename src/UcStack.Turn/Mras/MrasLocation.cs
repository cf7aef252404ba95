namespace UcStack.Turn.Mras;

/// <summary>Where the requesting client is, as the MRAS request's <c>location</c> says ([MS-AVEDGEA]).</summary>
public enum MrasLocation
{
    /// <summary><c>internet</c>: outside the enterprise network.</summary>
    Internet = 1,

    /// <summary><c>intranet</c>: inside it.</summary>
    Intranet,
}
