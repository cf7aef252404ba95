using System.Collections.Immutable;

namespace UcStack.Psom;

/// <summary>Helpers for property maps: ordinal-sorted, immutable, never holding null values.</summary>
public static class PsomProperties
{
    /// <summary>The empty property map.</summary>
    public static ImmutableSortedDictionary<string, PsomValue> Empty { get; } =
        ImmutableSortedDictionary.Create<string, PsomValue>(StringComparer.Ordinal);

    /// <summary>Builds a property map from pairs; a later duplicate key wins, null values are left out.</summary>
    /// <param name="pairs">Key/value pairs.</param>
    /// <returns>The map.</returns>
    public static ImmutableSortedDictionary<string, PsomValue> Of(params ReadOnlySpan<KeyValuePair<string, PsomValue>> pairs)
    {
        var builder = Empty.ToBuilder();
        foreach (var pair in pairs)
        {
            if (pair.Value.IsNull)
            {
                builder.Remove(pair.Key);
            }
            else
            {
                builder[pair.Key] = pair.Value;
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Structural equality of two property maps.</summary>
    /// <param name="left">One map.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they hold the same keys with equal values.</returns>
    public static bool AreEqual(IReadOnlyDictionary<string, PsomValue> left, IReadOnlyDictionary<string, PsomValue> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (var pair in left)
        {
            if (!right.TryGetValue(pair.Key, out var other) || other != pair.Value)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Applies an update's changes: a null value removes the key, others set it.</summary>
    internal static ImmutableSortedDictionary<string, PsomValue> Apply(
        ImmutableSortedDictionary<string, PsomValue> current, IReadOnlyDictionary<string, PsomValue> changes)
    {
        var builder = current.ToBuilder();
        foreach (var pair in changes)
        {
            if (pair.Value.IsNull)
            {
                builder.Remove(pair.Key);
            }
            else
            {
                builder[pair.Key] = pair.Value;
            }
        }

        return builder.ToImmutable();
    }
}
