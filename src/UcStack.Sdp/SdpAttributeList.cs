using System.Collections;

namespace UcStack.Sdp;

/// <summary>
/// The a= lines of a session or media section in their original order, with helpers to find and replace by name.
/// Unknown attributes are kept as they are and written back unchanged.
/// </summary>
/// <remarks>
/// A list filled by the parser holds only the positions of its lines until it is first read or changed; the
/// writer copies unread lines straight from the parsed bytes. Concurrent reads are safe.
/// </remarks>
public sealed class SdpAttributeList : IList<SdpAttribute>, IReadOnlyList<SdpAttribute>
{
    private List<SdpAttribute>? _items;
    private PendingAttributes _pending;

    /// <summary>Creates an empty list.</summary>
    public SdpAttributeList()
    {
    }

    /// <summary>The number of attributes.</summary>
    public int Count => _items?.Count ?? _pending.Count;

    /// <inheritdoc/>
    bool ICollection<SdpAttribute>.IsReadOnly => false;

    /// <summary>Whether the list still holds only parsed positions (nothing read or changed yet).</summary>
    internal bool IsPending => _items is null && _pending.Count > 0;

    internal PendingAttributes Pending => _pending;

    private List<SdpAttribute> Items => _items ?? Materialize();

    /// <summary>The attribute at <paramref name="index"/>.</summary>
    /// <param name="index">The position.</param>
    /// <returns>The attribute.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    /// <exception cref="ArgumentNullException">Set to <see langword="null"/>.</exception>
    public SdpAttribute this[int index]
    {
        get => Items[index];
        set => Items[index] = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The first attribute named <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">The attribute name (ordinal).</param>
    /// <returns>The attribute or <see langword="null"/>.</returns>
    public SdpAttribute? Find(string name)
    {
        foreach (var attribute in Items)
        {
            if (attribute.Is(name))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>Every attribute named <paramref name="name"/>, in order.</summary>
    /// <param name="name">The attribute name (ordinal).</param>
    /// <returns>The matching attributes.</returns>
    public IEnumerable<SdpAttribute> FindAll(string name)
    {
        var items = Items;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Is(name))
            {
                yield return items[i];
            }
        }
    }

    /// <summary>Whether an attribute named <paramref name="name"/> is present.</summary>
    /// <param name="name">The attribute name (ordinal).</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Contains(string name) => Find(name) is not null;

    /// <summary>Appends <c>a=<paramref name="name"/></c> or <c>a=<paramref name="name"/>:<paramref name="value"/></c>.</summary>
    /// <param name="name">The attribute name.</param>
    /// <param name="value">The value, or <see langword="null"/> for a property attribute.</param>
    /// <returns>The new attribute.</returns>
    /// <exception cref="ArgumentException">The name is not a token or the value holds NUL, CR or LF.</exception>
    public SdpAttribute Add(string name, string? value)
    {
        var attribute = new SdpAttribute(name, value);
        Add(attribute);
        return attribute;
    }

    /// <summary>Appends <paramref name="item"/>.</summary>
    /// <param name="item">The attribute.</param>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public void Add(SdpAttribute item) => Items.Add(item ?? throw new ArgumentNullException(nameof(item)));

    /// <summary>Inserts <paramref name="item"/> at <paramref name="index"/>.</summary>
    /// <param name="index">The position.</param>
    /// <param name="item">The attribute.</param>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public void Insert(int index, SdpAttribute item) => Items.Insert(index, item ?? throw new ArgumentNullException(nameof(item)));

    /// <summary>Removes every attribute named <paramref name="name"/>.</summary>
    /// <param name="name">The attribute name (ordinal).</param>
    /// <returns>How many were removed.</returns>
    public int RemoveAll(string name) => Items.RemoveAll(attribute => attribute.Is(name));

    /// <summary>
    /// Replaces the first attribute named <paramref name="name"/> with <paramref name="replacement"/> (keeping its
    /// position) and removes the others of that name; appends when none exists.
    /// </summary>
    /// <param name="name">The attribute name to replace (ordinal).</param>
    /// <param name="replacement">The new attribute (its name may differ, as for direction attributes).</param>
    public void Replace(string name, SdpAttribute replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        var index = IndexOfName(name);
        RemoveAll(name);
        if (index < 0)
        {
            Add(replacement);
        }
        else
        {
            Insert(index, replacement);
        }
    }

    /// <summary>The index of the first attribute named <paramref name="name"/>, or -1.</summary>
    /// <param name="name">The attribute name (ordinal).</param>
    /// <returns>The index or -1.</returns>
    public int IndexOfName(string name) => Items.FindIndex(attribute => attribute.Is(name));

    /// <inheritdoc/>
    public int IndexOf(SdpAttribute item) => Items.IndexOf(item);

    /// <inheritdoc/>
    public void RemoveAt(int index) => Items.RemoveAt(index);

    /// <inheritdoc/>
    public void Clear()
    {
        _items = [];
        _pending = default;
    }

    /// <inheritdoc/>
    public bool Contains(SdpAttribute item) => Items.Contains(item);

    /// <inheritdoc/>
    public void CopyTo(SdpAttribute[] array, int arrayIndex) => Items.CopyTo(array, arrayIndex);

    /// <inheritdoc/>
    public bool Remove(SdpAttribute item) => Items.Remove(item);

    /// <inheritdoc/>
    public IEnumerator<SdpAttribute> GetEnumerator() => Items.GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void SetPending(PendingAttributes pending) => _pending = pending;

    private List<SdpAttribute> Materialize()
    {
        var built = new List<SdpAttribute>(_pending.Count);
        for (var i = 0; i < _pending.Count; i++)
        {
            built.Add(_pending.Create(i));
        }

        // Readers may race here; the first list published wins and the other is dropped unseen.
        return Interlocked.CompareExchange(ref _items, built, null) ?? built;
    }
}

/// <summary>
/// Where one parsed a= line sits in the parser's copy of the input: 16 bytes per line. The value, when there is one,
/// starts right after the name's colon, and a negative length means a property attribute (no colon).
/// </summary>
internal readonly struct PendingAttribute
{
    private readonly int _valueLength;

    public PendingAttribute(int nameStart, int nameLength, int valueLength, int line)
    {
        NameStart = nameStart;
        NameLength = nameLength;
        _valueLength = valueLength;
        Line = line;
    }

    public int NameStart { get; }

    public int NameLength { get; }

    public int Line { get; }

    public bool HasValue => _valueLength >= 0;

    public int ValueStart => HasValue ? NameStart + NameLength + 1 : 0;

    public int ValueLength => HasValue ? _valueLength : 0;
}

/// <summary>A section's run of parsed a= lines: a slice of the parser's shared array.</summary>
internal readonly struct PendingAttributes
{
    private readonly byte[]? _source;
    private readonly PendingAttribute[]? _entries;
    private readonly int _start;

    public PendingAttributes(byte[] source, PendingAttribute[] entries, int start, int count)
    {
        _source = source;
        _entries = entries;
        _start = start;
        Count = count;
    }

    public int Count { get; }

    public ReadOnlySpan<byte> Source => _source;

    public PendingAttribute this[int index] => _entries![_start + index];

    public SdpAttribute Create(int index)
    {
        var entry = this[index];
        return new SdpAttribute(
            SdpNames.Intern(_source.AsSpan(entry.NameStart, entry.NameLength)),
            _source!,
            entry.ValueStart,
            entry.ValueLength,
            entry.HasValue,
            entry.Line);
    }
}
