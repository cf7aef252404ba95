using System.Collections.ObjectModel;

namespace UcStack.Sdp;

/// <summary>
/// The a= lines of a session or media section in their original order, with helpers to find and replace by name.
/// Unknown attributes are kept as they are and written back unchanged.
/// </summary>
public sealed class SdpAttributeList : Collection<SdpAttribute>
{
    /// <summary>Creates an empty list.</summary>
    public SdpAttributeList()
        : base(new List<SdpAttribute>())
    {
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
        foreach (var attribute in Items)
        {
            if (attribute.Is(name))
            {
                yield return attribute;
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

    /// <summary>Removes every attribute named <paramref name="name"/>.</summary>
    /// <param name="name">The attribute name (ordinal).</param>
    /// <returns>How many were removed.</returns>
    public int RemoveAll(string name)
    {
        var removed = 0;
        for (var i = Count - 1; i >= 0; i--)
        {
            if (Items[i].Is(name))
            {
                RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }

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
        if (index < 0 || index > Count)
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
    public int IndexOfName(string name)
    {
        for (var i = 0; i < Count; i++)
        {
            if (Items[i].Is(name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <inheritdoc/>
    protected override void InsertItem(int index, SdpAttribute item)
    {
        ArgumentNullException.ThrowIfNull(item);
        base.InsertItem(index, item);
    }

    /// <inheritdoc/>
    protected override void SetItem(int index, SdpAttribute item)
    {
        ArgumentNullException.ThrowIfNull(item);
        base.SetItem(index, item);
    }

    internal void AddParsed(SdpAttribute item) => Items.Add(item);
}
