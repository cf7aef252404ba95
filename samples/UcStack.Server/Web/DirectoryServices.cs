using Microsoft.AspNetCore.Http;
using UcStack.Sip.Registrar;

namespace UcStack.Server.Web;

/// <summary>
/// The address book search (<c>GET /abs/search?q=</c>) and distribution-group expansion (<c>GET /dlx/{group}</c>)
/// over the user file and the configured groups.
/// </summary>
/// <remarks>Thread-safe: everything it reads is immutable.</remarks>
internal sealed class DirectoryServices
{
    /// <summary>The longest search text.</summary>
    public const int MaxQueryLength = 64;

    private readonly IReadOnlyList<string> _userNames;
    private readonly HashSet<string> _known;
    private readonly DistributionGroups _groups;
    private readonly string _domain;
    private readonly int _maxResults;

    /// <summary>Creates the services.</summary>
    /// <param name="users">The user file.</param>
    /// <param name="groups">The distribution groups.</param>
    /// <param name="domain">The domain users' URIs are in.</param>
    /// <param name="maxResults">The most entries a search returns.</param>
    public DirectoryServices(SipUserDirectory users, DistributionGroups groups, string domain, int maxResults)
    {
        ArgumentNullException.ThrowIfNull(users);
        _userNames = users.UserNames;
        _known = new HashSet<string>(_userNames, StringComparer.Ordinal);
        _groups = groups;
        _domain = domain;
        _maxResults = maxResults;
    }

    /// <summary><c>GET /abs/search?q=text</c>: users whose name contains the text, case-insensitively.</summary>
    /// <param name="context">The request.</param>
    /// <returns>Completes when answered.</returns>
    public Task SearchAsync(HttpContext context)
    {
        var values = context.Request.Query["q"];
        var query = values.Count == 1 ? values[0]?.Trim() : null;
        if (string.IsNullOrEmpty(query) || query.Length > MaxQueryLength)
        {
            return HttpResponses.ErrorAsync(context, StatusCodes.Status400BadRequest, $"Give the search text once as q, 1 to {MaxQueryLength} characters.");
        }

        var matches = new List<DirectoryEntry>();
        var truncated = false;
        foreach (var name in _userNames)
        {
            if (!name.Contains(query, StringComparison.OrdinalIgnoreCase)) continue;
            if (matches.Count == _maxResults)
            {
                truncated = true;
                break;
            }

            matches.Add(ForUser(name));
        }

        return HttpResponses.JsonAsync(context, StatusCodes.Status200OK, new SearchResult(query, matches, truncated), HttpsJsonContext.Default.SearchResult);
    }

    /// <summary><c>GET /dlx/{group}</c>: the group's members, nested groups expanded once each.</summary>
    /// <param name="context">The request.</param>
    /// <returns>Completes when answered.</returns>
    public Task ExpandAsync(HttpContext context)
    {
        var name = context.Request.RouteValues["group"] as string;
        if (!DistributionGroups.IsGroupName(name))
        {
            return HttpResponses.ErrorAsync(context, StatusCodes.Status400BadRequest,
                $"A group name is 1 to {DistributionGroups.MaxNameLength} letters, digits, '.', '-' or '_'.");
        }

        if (!_groups.TryExpand(name!, out var expansion))
        {
            return HttpResponses.ErrorAsync(context, StatusCodes.Status404NotFound, $"There is no distribution group '{name}'.");
        }

        var members = expansion.Members.Select(ForMember).ToList();
        return HttpResponses.JsonAsync(context, StatusCodes.Status200OK, new GroupResult(name!, members, expansion.ExpandedGroups, expansion.Truncated),
            HttpsJsonContext.Default.GroupResult);
    }

    // The user file has no display names: the user part stands in for one (docs/https.md).
    private DirectoryEntry ForUser(string name) => new($"sip:{name}@{_domain}", name, name, _known.Contains(name));

    private DirectoryEntry ForMember(string member)
    {
        if (!member.Contains(':', StringComparison.Ordinal)) return ForUser(member);
        var at = member.IndexOf('@', StringComparison.Ordinal);
        var colon = member.IndexOf(':', StringComparison.Ordinal);
        if (at > colon + 1 && member.AsSpan(at + 1).Equals(_domain, StringComparison.OrdinalIgnoreCase))
        {
            var user = member[(colon + 1)..at];
            return new DirectoryEntry(member, user, user, _known.Contains(user));
        }

        return new DirectoryEntry(member, null, member, false);
    }
}
