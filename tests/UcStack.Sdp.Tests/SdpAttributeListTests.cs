namespace UcStack.Sdp.Tests;

[TestFixture]
public sealed class SdpAttributeListTests
{
    [Test]
    public void FindReplaceRemove_WorkByName()
    {
        var list = new SdpAttributeList();
        list.Add("a", "1");
        list.Add("b", null);
        list.Add("a", "2");
        Assert.Multiple(() =>
        {
            Assert.That(list.Find("a")!.Value, Is.EqualTo("1"));
            Assert.That(list.FindAll("a").Select(a => a.Value), Is.EqualTo(new[] { "1", "2" }));
            Assert.That(list.Contains("b"), Is.True);
            Assert.That(list.Contains("B"), Is.False);
            Assert.That(list.IndexOfName("b"), Is.EqualTo(1));
        });

        list.Replace("a", new SdpAttribute("a", "3"));
        Assert.That(list.Select(a => a.ToString()), Is.EqualTo(new[] { "a=a:3", "a=b" }));
        Assert.That(list.RemoveAll("b"), Is.EqualTo(1));
        list.Replace("c", new SdpAttribute("c"));
        Assert.That(list.Select(a => a.ToString()), Is.EqualTo(new[] { "a=a:3", "a=c" }));
    }

    [Test]
    public void Attribute_Equality_IsByNameAndValue()
    {
        var one = new SdpAttribute("x", "1");
        var same = new SdpAttribute("x", "1");
        Assert.Multiple(() =>
        {
            Assert.That(one, Is.EqualTo(same));
            Assert.That(new SdpAttribute("x", string.Empty), Is.Not.EqualTo(new SdpAttribute("x")));
            Assert.That(one.GetHashCode(), Is.EqualTo(same.GetHashCode()));
            Assert.That(new SdpAttribute("x", "1").LineNumber, Is.Zero);
        });
    }
}
