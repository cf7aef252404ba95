using UcStack.Server.Web;

namespace UcStack.Server.Tests.Web;

[TestFixture]
public sealed class DistributionGroupsTests
{
    private static DistributionGroups Make(params (string Name, string[] Members)[] groups) =>
        DistributionGroups.Create(groups.ToDictionary(g => g.Name, g => (IReadOnlyList<string>)g.Members));

    [Test]
    public void TryExpand_TwoGroupCycle_BothOnce()
    {
        var groups = Make(("a", ["x", "group:b"]), ("b", ["y", "group:a", "x"]));
        Assert.That(groups.TryExpand("b", out var expansion), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(expansion.Members, Is.EqualTo(new[] { "y", "x" }));
            Assert.That(expansion.ExpandedGroups, Is.EqualTo(new[] { "b", "a" }));
        });
    }

    [Test]
    public void TryExpand_NestedInPlace_KeepsListOrder()
    {
        var groups = Make(("outer", ["first", "group:inner", "last"]), ("inner", ["middle"]));
        groups.TryExpand("outer", out var expansion);
        Assert.That(expansion.Members, Is.EqualTo(new[] { "first", "middle", "last" }));
    }

    [Test]
    public void TryExpand_DeepChain_NoStackOverflow()
    {
        var chain = Enumerable.Range(0, DistributionGroups.MaxGroups)
            .Select(i => ($"g{i}", i + 1 < DistributionGroups.MaxGroups ? new[] { $"u{i}", $"group:g{i + 1}" } : new[] { $"u{i}", "group:g0" }))
            .ToArray();
        var groups = Make(chain);
        groups.TryExpand("g0", out var expansion);
        Assert.Multiple(() =>
        {
            Assert.That(expansion.Members, Has.Count.EqualTo(DistributionGroups.MaxGroups));
            Assert.That(expansion.ExpandedGroups, Has.Count.EqualTo(DistributionGroups.MaxGroups));
        });
    }

    [Test]
    public void TryExpand_MoreThanMaxMembers_Truncated()
    {
        var many = Enumerable.Range(0, DistributionGroups.MaxMembers - 1).Select(i => $"u{i}").ToArray();
        var more = Enumerable.Range(0, 5).Select(i => $"v{i}").ToArray();
        var groups = Make(("big", [.. many, "group:more"]), ("more", more));
        groups.TryExpand("big", out var expansion);
        Assert.Multiple(() =>
        {
            Assert.That(expansion.Members, Has.Count.EqualTo(DistributionGroups.MaxMembers));
            Assert.That(expansion.Truncated, Is.True);
        });
    }

    [Test]
    public void TryExpand_Unknown_False() => Assert.That(Make(("a", ["x"])).TryExpand("b", out _), Is.False);

    [Test]
    public void Create_UnknownNestedGroup_FormatExceptionNamesBoth()
    {
        Assert.That(() => Make(("a", ["group:ghost"])), Throws.InstanceOf<FormatException>().With.Message.Contain("'a'").And.Message.Contain("'ghost'"));
    }

    [TestCase("")]
    [TestCase("has space")]
    [TestCase("slash/")]
    public void Create_BadGroupName_FormatException(string name) =>
        Assert.That(() => Make((name, ["x"])), Throws.InstanceOf<FormatException>());

    [TestCase("")]
    [TestCase("two words")]
    [TestCase("tab\there")]
    [TestCase("sip:line\nbreak@example.org")]
    public void Create_BadMember_FormatException(string member) =>
        Assert.That(() => Make(("a", [member])), Throws.InstanceOf<FormatException>());

    [Test]
    public void Create_TooManyMembers_FormatException()
    {
        var members = Enumerable.Range(0, DistributionGroups.MaxMembers + 1).Select(i => $"u{i}").ToArray();
        Assert.That(() => Make(("a", members)), Throws.InstanceOf<FormatException>());
    }

    [TestCase("[1, 2]")]
    [TestCase("{ \"a\": \"not a list\" }")]
    [TestCase("{ \"a\": [1] }")]
    [TestCase("{ \"a\": [\"x\"")]
    [TestCase("null")]
    public void Load_MalformedFile_FormatExceptionNamesFile(string json)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ucstack-groups-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        try
        {
            Assert.That(() => DistributionGroups.Load(new Dictionary<string, List<string>>(), file),
                Throws.InstanceOf<FormatException>().With.Message.Contain(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void Load_FileOverridesConfiguredGroup()
    {
        var file = Path.Combine(Path.GetTempPath(), $"ucstack-groups-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "a": ["from-file"] }""");
        try
        {
            var groups = DistributionGroups.Load(new Dictionary<string, List<string>> { ["a"] = ["from-config"], ["b"] = ["kept"] }, file);
            groups.TryExpand("a", out var a);
            groups.TryExpand("b", out var b);
            Assert.Multiple(() =>
            {
                Assert.That(a.Members, Is.EqualTo(new[] { "from-file" }));
                Assert.That(b.Members, Is.EqualTo(new[] { "kept" }));
            });
        }
        finally
        {
            File.Delete(file);
        }
    }
}
