using System.Net;
using System.Text.Json;

namespace UcStack.Server.Tests.Web;

/// <summary>Address book search and distribution-group expansion over HTTPS.</summary>
[TestFixture]
public sealed class DirectoryServicesTests
{
    private static readonly Dictionary<string, string?> Groups = new()
    {
        ["Server:Https:Groups:sales:0"] = "alice",
        ["Server:Https:Groups:sales:1"] = "group:support",
        ["Server:Https:Groups:support:0"] = "bob",
        ["Server:Https:Groups:support:1"] = "group:sales",        // a cycle back to sales
        ["Server:Https:Groups:support:2"] = "sip:dana@partner.example",
        ["Server:Https:Groups:support:3"] = "alice",              // already listed through sales
        ["Server:Https:Groups:all:0"] = "group:sales",
        ["Server:Https:Groups:all:1"] = "group:support",          // reached twice: expanded once
        ["Server:Https:Groups:all:2"] = "sip:carol@example.org",
        ["Server:Https:Groups:all:3"] = "zed",                    // not in the user file
        ["Server:Https:Groups:self:0"] = "group:self",
        ["Server:Https:Groups:self:1"] = "carol",
    };

    private HttpsTestHost? _host;

    [SetUp]
    public async Task SetUp()
    {
        _host = await HttpsTestHost.StartAsync(Groups);
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_host is not null) await _host.DisposeAsync();
        _host = null;
    }

    private Task<JsonElement> Get(string path, HttpStatusCode expected) => _host!.GetJsonAsync(_host.Client("alice", "alicepass"), path, expected);

    private static string[] Uris(JsonElement list) => [.. list.EnumerateArray().Select(e => e.GetProperty("uri").GetString()!)];

    [Test]
    public async Task Search_Al_MatchesAliceAndAlbertSorted()
    {
        var body = await Get("/abs/search?q=al", HttpStatusCode.OK);
        var users = body.GetProperty("users");
        Assert.Multiple(() =>
        {
            Assert.That(Uris(users), Is.EqualTo(new[] { "sip:albert@example.org", "sip:alice@example.org" }));
            Assert.That(users[1].GetProperty("user").GetString(), Is.EqualTo("alice"));
            Assert.That(users[1].GetProperty("displayName").GetString(), Is.EqualTo("alice"), "no display names in the user file: the user part");
            Assert.That(users[1].GetProperty("known").GetBoolean(), Is.True);
            Assert.That(body.GetProperty("query").GetString(), Is.EqualTo("al"));
            Assert.That(body.GetProperty("truncated").GetBoolean(), Is.False);
        });
    }

    [TestCase("AL", 2)]
    [TestCase("%20ice%20", 1)]
    [TestCase("o", 2)]
    [TestCase("nobody", 0)]
    [TestCase("r", 2)]
    public async Task Search_Substring_CaseInsensitive(string query, int count)
    {
        var body = await Get("/abs/search?q=" + query, HttpStatusCode.OK);
        Assert.That(body.GetProperty("users").GetArrayLength(), Is.EqualTo(count));
    }

    [TestCase("/abs/search")]
    [TestCase("/abs/search?q=")]
    [TestCase("/abs/search?q=%20%20")]
    [TestCase("/abs/search?q=a&q=b")]
    public async Task Search_NoQuery_400(string path)
    {
        var body = await Get(path, HttpStatusCode.BadRequest);
        Assert.That(body.GetProperty("error").GetString(), Does.Contain("q"));
    }

    [Test]
    public async Task Search_QueryOverLimit_400()
    {
        await Get("/abs/search?q=" + new string('a', 65), HttpStatusCode.BadRequest);
        await Get("/abs/search?q=" + new string('a', 64), HttpStatusCode.OK);
    }

    [Test]
    public async Task Search_MoreMatchesThanMaxResults_Truncated()
    {
        await _host!.DisposeAsync();
        _host = await HttpsTestHost.StartAsync(new Dictionary<string, string?> { ["Server:Https:MaxSearchResults"] = "1" });
        var body = await Get("/abs/search?q=al", HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(Uris(body.GetProperty("users")), Is.EqualTo(new[] { "sip:albert@example.org" }));
            Assert.That(body.GetProperty("truncated").GetBoolean(), Is.True);
        });
    }

    [Test]
    public async Task Expand_NestedCycle_EachGroupOnceMembersOnce()
    {
        var body = await Get("/dlx/sales", HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(Uris(body.GetProperty("members")), Is.EqualTo(new[] { "sip:alice@example.org", "sip:bob@example.org", "sip:dana@partner.example" }));
            Assert.That(body.GetProperty("expandedGroups").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "sales", "support" }));
            Assert.That(body.GetProperty("truncated").GetBoolean(), Is.False);
        });
    }

    [Test]
    public async Task Expand_GroupReachedTwice_ExpandedOnce()
    {
        var body = await Get("/dlx/all", HttpStatusCode.OK);
        var members = body.GetProperty("members");
        Assert.Multiple(() =>
        {
            Assert.That(Uris(members), Is.EqualTo(new[]
            {
                "sip:alice@example.org", "sip:bob@example.org", "sip:dana@partner.example", "sip:carol@example.org", "sip:zed@example.org",
            }));
            Assert.That(body.GetProperty("expandedGroups").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "all", "sales", "support" }));
            Assert.That(members[2].GetProperty("known").GetBoolean(), Is.False, "another domain");
            Assert.That(members[2].TryGetProperty("user", out _), Is.False);
            Assert.That(members[2].GetProperty("displayName").GetString(), Is.EqualTo("sip:dana@partner.example"));
            Assert.That(members[3].GetProperty("user").GetString(), Is.EqualTo("carol"));
            Assert.That(members[3].GetProperty("known").GetBoolean(), Is.True);
            Assert.That(members[4].GetProperty("known").GetBoolean(), Is.False, "not in the user file");
        });
    }

    [Test]
    public async Task Expand_SelfReference_Terminates()
    {
        var body = await Get("/dlx/self", HttpStatusCode.OK);
        Assert.That(Uris(body.GetProperty("members")), Is.EqualTo(new[] { "sip:carol@example.org" }));
    }

    [Test]
    public async Task Expand_UnknownGroup_404()
    {
        var body = await Get("/dlx/nobody", HttpStatusCode.NotFound);
        Assert.That(body.GetProperty("error").GetString(), Does.Contain("nobody"));
    }

    [TestCase("/dlx/bad%20name")]
    [TestCase("/dlx/a%3Bb")]
    public async Task Expand_BadName_400(string path) => await Get(path, HttpStatusCode.BadRequest);

    [Test]
    public async Task Expand_NameOverLimit_400() => await Get("/dlx/" + new string('g', 65), HttpStatusCode.BadRequest);

    [Test]
    public async Task Expand_GroupsFromJsonFile_Served()
    {
        await _host!.DisposeAsync();
        _host = null;
        var file = Path.Combine(Path.GetTempPath(), $"ucstack-groups-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{ "team": ["alice", "group:leads"], "leads": ["bob"] }""");
        try
        {
            _host = await HttpsTestHost.StartAsync(new Dictionary<string, string?> { ["Server:Https:GroupsFile"] = file });
                var body = await Get("/dlx/team", HttpStatusCode.OK);
            Assert.That(Uris(body.GetProperty("members")), Is.EqualTo(new[] { "sip:alice@example.org", "sip:bob@example.org" }));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
