namespace UcStack.Psom;

/// <summary>Size limits of one conference's tree.</summary>
public sealed record PsomTreeLimits
{
    /// <summary>Most objects in one conference, root included. Default 100 000.</summary>
    public int MaxObjects { get; init; } = 100_000;

    /// <summary>Largest total of one object's property keys and values, approximately in bytes. Default 256 KiB.</summary>
    public int MaxObjectBytes { get; init; } = 256 * 1024;

    /// <summary>How many commits the replay log keeps. Default 4096.</summary>
    public int ReplayLogCapacity { get; init; } = 4096;
}
