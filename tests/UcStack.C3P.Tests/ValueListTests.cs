namespace UcStack.C3P.Tests;

public sealed class ValueListTests
{
    [Test]
    public void Equals_SameElementsInOrder_IsTrueAndHashesAgree()
    {
        ValueList<string> a = ["x", "y"];
        var b = ValueList.From(new List<string> { "x", "y" });
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(b));
            Assert.That(a.Equals(b), Is.True);
            Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        });
    }

    [Test]
    public void Equals_DifferentOrderOrLength_IsFalse()
    {
        ValueList<string> a = ["x", "y"];
        Assert.Multiple(() =>
        {
            Assert.That(a.Equals((ValueList<string>)["y", "x"]), Is.False);
            Assert.That(a.Equals((ValueList<string>)["x"]), Is.False);
            Assert.That(a.Equals(null), Is.False);
        });
    }

    [Test]
    public void Records_HoldingLists_CompareByContent()
    {
        var one = new ConferenceUser { Entity = "u", Roles = ["presenter"] };
        var two = new ConferenceUser { Entity = "u", Roles = ["presenter"] };
        Assert.That(one, Is.EqualTo(two));
        Assert.That(one with { Roles = ["attendee"] }, Is.Not.EqualTo(two));
    }

    [Test]
    public void Create_Empty_IsTheEmptyList()
    {
        ValueList<int> empty = [];
        Assert.That(empty, Is.Empty);
        Assert.That(empty.Count, Is.Zero);
        Assert.That(ValueList.From(Array.Empty<int>()), Is.EqualTo(empty));
    }
}
