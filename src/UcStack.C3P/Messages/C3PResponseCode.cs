namespace UcStack.C3P;

/// <summary>The <c>code</c> attribute of a C3P <c>response</c>.</summary>
public enum C3PResponseCode
{
    /// <summary><c>success</c>.</summary>
    Success = 1,

    /// <summary><c>failure</c>: the command element carries the reason.</summary>
    Failure,

    /// <summary>
    /// <c>pending</c>: accepted on read because Microsoft's client stack mentions it; never written (the writer
    /// refuses it), since [MS-CONFPRO] §2.2.3 allows only success and failure.
    /// </summary>
    Pending,
}
