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

    [Test]
    public void ParsedList_CountsWithoutBuildingAndWritesUnreadLinesVerbatim()
    {
        var bytes = Fixtures.Bytes("lync-offer.sdp");
        var session = SdpSession.Parse(bytes);
        var audio = session.Media[0].Attributes;
        Assert.That(audio, Has.Count.EqualTo(39));
        Assert.That(session.Encode(), Is.EqualTo(bytes));

        audio.RemoveAll("encryption");
        audio.Insert(0, new SdpAttribute("label", "first"));
        var text = session.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain("a=encryption"));
            Assert.That(text, Does.Contain("m=audio 21554 RTP/AVP 114 9 112 111 0 8 116 115 4 97 13 118 101\r\na=label:first\r\na=x-ssrc-range"));
            Assert.That(session.Attributes.Single().Name, Is.EqualTo("x-devicecaps"));
        });
    }

    [Test]
    public void ParsedList_ConcurrentFirstReads_SeeTheSameAttributes()
    {
        var session = Fixtures.Session("audio-video-8-candidates.sdp");
        var attributes = session.Media[0].Attributes;
        var results = new SdpAttribute[8][];
        Parallel.For(0, results.Length, i => results[i] = attributes.ToArray());
        Assert.That(results.Select(r => string.Join("|", r.Select(a => a.ToString()))).Distinct().Count(), Is.EqualTo(1));
        Assert.That(results[0], Has.Length.EqualTo(19));
    }

    [Test]
    public void Clear_ParsedList_WritesNoAttributes()
    {
        var session = Fixtures.Session("audio-video-8-candidates.sdp");
        session.Media[1].Attributes.Clear();
        Assert.That(session.ToString(), Does.EndWith("m=video 50172 RTP/SAVPF 96 97\r\nb=AS:2000\r\n"));
    }
}
