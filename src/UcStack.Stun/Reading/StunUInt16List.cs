using System.Buffers.Binary;

namespace UcStack.Stun;

/// <summary>A list of big-endian 16-bit values inside an attribute (UNKNOWN-ATTRIBUTES).</summary>
public readonly ref struct StunUInt16List
{
    private readonly ReadOnlySpan<byte> _bytes;

    internal StunUInt16List(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>Number of values.</summary>
    public int Count => _bytes.Length / 2;

    /// <summary>The value at <paramref name="index"/>.</summary>
    /// <param name="index">Zero-based index.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the list.</exception>
    public ushort this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return BinaryPrimitives.ReadUInt16BigEndian(_bytes[(index * 2)..]);
        }
    }
}

/// <summary>One PASSWORD-ALGORITHMS entry: an algorithm number and its parameters.</summary>
public readonly ref struct StunPasswordAlgorithmEntry
{
    internal StunPasswordAlgorithmEntry(StunPasswordAlgorithm algorithm, ReadOnlySpan<byte> parameters)
    {
        Algorithm = algorithm;
        Parameters = parameters;
    }

    /// <summary>The algorithm number (compare with <see cref="StunPasswordAlgorithm"/>).</summary>
    public StunPasswordAlgorithm Algorithm { get; }

    /// <summary>Its parameters, without padding (empty for MD5 and SHA-256).</summary>
    public ReadOnlySpan<byte> Parameters { get; }
}

/// <summary>The entries of PASSWORD-ALGORITHMS (RFC 8489 §14.11), validated by the parser; enumerate with <c>foreach</c>.</summary>
public ref struct StunPasswordAlgorithmList
{
    private ReadOnlySpan<byte> _remaining;
    private StunPasswordAlgorithmEntry _current;

    internal StunPasswordAlgorithmList(ReadOnlySpan<byte> bytes) => _remaining = bytes;

    /// <summary>The current entry.</summary>
    public readonly StunPasswordAlgorithmEntry Current => _current;

    /// <summary>Returns this list (for <c>foreach</c>).</summary>
    public readonly StunPasswordAlgorithmList GetEnumerator() => this;

    /// <summary>Moves to the next entry.</summary>
    /// <returns><see langword="false"/> after the last one.</returns>
    public bool MoveNext()
    {
        if (_remaining.Length < 4)
        {
            return false;
        }

        var algorithm = (StunPasswordAlgorithm)BinaryPrimitives.ReadUInt16BigEndian(_remaining);
        var length = BinaryPrimitives.ReadUInt16BigEndian(_remaining[2..]);
        _current = new StunPasswordAlgorithmEntry(algorithm, _remaining.Slice(4, length));
        _remaining = _remaining[(4 + StunConstants.Pad4(length))..];
        return true;
    }
}
