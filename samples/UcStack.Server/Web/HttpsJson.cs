using System.Text.Json.Serialization;

namespace UcStack.Server.Web;

/// <summary>One address book or group member.</summary>
/// <param name="Uri">The SIP URI, e.g. <c>sip:alice@example.org</c>.</param>
/// <param name="User">The user part for users of the domain, else <see langword="null"/>.</param>
/// <param name="DisplayName">The user file carries no display names, so this is the user part (or the URI for members
/// outside the domain); see docs/https.md.</param>
/// <param name="Known">Whether the user is in the user file (members outside the domain are not).</param>
internal sealed record DirectoryEntry(string Uri, string? User, string DisplayName, bool Known);

/// <summary>The answer to <c>GET /abs/search</c>.</summary>
/// <param name="Query">The search text as received.</param>
/// <param name="Users">The matches, sorted by user name.</param>
/// <param name="Truncated">Whether more users matched than were returned.</param>
internal sealed record SearchResult(string Query, IReadOnlyList<DirectoryEntry> Users, bool Truncated);

/// <summary>The answer to <c>GET /dlx/{group}</c>.</summary>
/// <param name="Group">The group.</param>
/// <param name="Members">Its members with nested groups expanded.</param>
/// <param name="ExpandedGroups">The group and each nested group expanded (each once).</param>
/// <param name="Truncated">Whether the expansion stopped at the member limit.</param>
internal sealed record GroupResult(string Group, IReadOnlyList<DirectoryEntry> Members, IReadOnlyList<string> ExpandedGroups, bool Truncated);

/// <summary>An error body: every 4xx/5xx the services produce carries one.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Error">What went wrong, in a sentence.</param>
internal sealed record ErrorResult(int Status, string Error);

/// <summary>Source-generated JSON for the services' bodies (no reflection at run time).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SearchResult))]
[JsonSerializable(typeof(GroupResult))]
[JsonSerializable(typeof(ErrorResult))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
internal sealed partial class HttpsJsonContext : JsonSerializerContext;
