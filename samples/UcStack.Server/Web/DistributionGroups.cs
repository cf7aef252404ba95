using System.Text.Json;

namespace UcStack.Server.Web;

/// <summary>
/// The distribution groups the <c>/dlx</c> service expands: each group lists user names, <c>sip:</c>/<c>sips:</c>
/// URIs and nested groups (<c>group:&lt;name&gt;</c>). Checked when loaded (names, sizes, references to groups that
/// exist), so a bad definition stops the server at start with the group named rather than failing a request later.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed class DistributionGroups
{
    /// <summary>The prefix that makes a member a nested group.</summary>
    public const string GroupPrefix = "group:";

    /// <summary>The longest group name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The most groups.</summary>
    public const int MaxGroups = 1000;

    /// <summary>The most members one group lists, and the most one expansion returns.</summary>
    public const int MaxMembers = 10_000;

    /// <summary>The largest groups file read (1 MiB).</summary>
    public const int MaxFileBytes = 1 << 20;

    private const int MaxMemberLength = 256;
    private readonly Dictionary<string, string[]> _groups;

    private DistributionGroups(Dictionary<string, string[]> groups) => _groups = groups;

    /// <summary>No groups.</summary>
    public static DistributionGroups Empty { get; } = new(new Dictionary<string, string[]>(StringComparer.Ordinal));

    /// <summary>The group names.</summary>
    public IEnumerable<string> Names => _groups.Keys;

    /// <summary>Builds the groups from configuration and an optional JSON file (a group in both takes the file's list).</summary>
    /// <param name="configured">Groups from the <c>Server:Https:Groups</c> section.</param>
    /// <param name="file">The groups file, or <see langword="null"/>.</param>
    /// <returns>The checked groups.</returns>
    /// <exception cref="FormatException">A group, member or the file is malformed; the message names it.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static DistributionGroups Load(IReadOnlyDictionary<string, List<string>> configured, string? file)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var all = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, members) in configured) all[name] = members;
        if (!string.IsNullOrWhiteSpace(file))
        {
            foreach (var (name, members) in ReadFile(file)) all[name] = members;
        }

        return Create(all);
    }

    /// <summary>Checks and builds groups.</summary>
    /// <param name="groups">Name → members.</param>
    /// <returns>The groups.</returns>
    /// <exception cref="FormatException">A name or member is malformed, a list too long, or a nested group unknown.</exception>
    public static DistributionGroups Create(IReadOnlyDictionary<string, IReadOnlyList<string>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count > MaxGroups) throw new FormatException($"More than {MaxGroups} distribution groups.");
        var checkedGroups = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, members) in groups)
        {
            if (!IsGroupName(name)) throw new FormatException($"Distribution group '{Shorten(name)}': a name is 1-{MaxNameLength} letters, digits, '.', '-' or '_'.");
            if (members is null || members.Count > MaxMembers) throw new FormatException($"Distribution group '{name}': 0 to {MaxMembers} members.");
            foreach (var member in members)
            {
                if (!IsMember(member)) throw new FormatException($"Distribution group '{name}': member '{Shorten(member)}' is not a user name, a sip: URI or group:<name>.");
            }

            checkedGroups[name] = [.. members];
        }

        foreach (var (name, members) in checkedGroups)
        {
            foreach (var member in members)
            {
                if (member.StartsWith(GroupPrefix, StringComparison.Ordinal) && !checkedGroups.ContainsKey(member[GroupPrefix.Length..]))
                {
                    throw new FormatException($"Distribution group '{name}': nested group '{member[GroupPrefix.Length..]}' is not defined.");
                }
            }
        }

        return new DistributionGroups(checkedGroups);
    }

    /// <summary>Whether <paramref name="name"/> can name a group (also checks request input before any lookup).</summary>
    /// <param name="name">The candidate.</param>
    /// <returns>Whether it is 1-64 letters, digits, '.', '-' or '_'.</returns>
    public static bool IsGroupName(string? name) =>
        name is { Length: > 0 and <= MaxNameLength } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    /// <summary>
    /// Expands a group: its members, then each nested group's members in place, each group at most once (a group
    /// reached again, through a cycle or a second path, adds nothing), members deduplicated in first-seen order.
    /// </summary>
    /// <param name="name">The group.</param>
    /// <param name="expansion">The members (user names and URIs as written) and the groups expanded, when found.</param>
    /// <returns>Whether the group exists.</returns>
    public bool TryExpand(string name, out GroupExpansion expansion)
    {
        expansion = new GroupExpansion([], [], false);
        if (name is null || !_groups.TryGetValue(name, out var root)) return false;
        var members = new List<string>();
        var seenMembers = new HashSet<string>(StringComparer.Ordinal);
        var expanded = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var truncated = false;

        // Depth-first with an explicit stack, so deep nesting cannot overflow the call stack; the visited set is the
        // cycle guard and makes every group expand at most once.
        var stack = new Stack<(string[] Members, int Next)>();
        visited.Add(name);
        expanded.Add(name);
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (list, next) = stack.Pop();
            if (next >= list.Length) continue;
            stack.Push((list, next + 1));
            var member = list[next];
            if (member.StartsWith(GroupPrefix, StringComparison.Ordinal))
            {
                var nested = member[GroupPrefix.Length..];
                if (visited.Add(nested))
                {
                    expanded.Add(nested);
                    stack.Push((_groups[nested], 0));
                }
            }
            else if (seenMembers.Add(member))
            {
                if (members.Count == MaxMembers)
                {
                    truncated = true;
                    break;
                }

                members.Add(member);
            }
        }

        expansion = new GroupExpansion(members, expanded, truncated);
        return true;
    }

    private static Dictionary<string, IReadOnlyList<string>> ReadFile(string path)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.Length > MaxFileBytes) throw new FormatException($"The groups file '{path}' is larger than {MaxFileBytes} bytes.");
        var bytes = File.ReadAllBytes(path);
        try
        {
            var parsed = JsonSerializer.Deserialize(bytes, HttpsJsonContext.Default.DictionaryStringListString)
                ?? throw new FormatException($"The groups file '{path}' holds null, not an object of groups.");
            return parsed.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)(p.Value ?? []), StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The groups file '{path}' is not an object of string arrays (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }
    }

    // A member is a user of the domain (the user file's name rule) or a SIP URI of any domain.
    private static bool IsMember(string? member) =>
        member is { Length: > 0 and <= MaxMemberLength }
        && (member.StartsWith(GroupPrefix, StringComparison.Ordinal)
            || member.StartsWith("sip:", StringComparison.OrdinalIgnoreCase)
            || member.StartsWith("sips:", StringComparison.OrdinalIgnoreCase)
            || member.All(c => char.IsAsciiLetterOrDigit(c) || "-_.!~*'()&=+$,;?/".Contains(c, StringComparison.Ordinal)))
        && !member.Any(char.IsControl);

    private static string Shorten(string? text) => text is null ? "(null)" : text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>The result of expanding a distribution group.</summary>
/// <param name="Members">User names and URIs, as the groups list them, deduplicated.</param>
/// <param name="ExpandedGroups">The group and every nested group expanded, in order.</param>
/// <param name="Truncated">Whether the expansion stopped at <see cref="DistributionGroups.MaxMembers"/>.</param>
internal sealed record GroupExpansion(IReadOnlyList<string> Members, IReadOnlyList<string> ExpandedGroups, bool Truncated);
