namespace UcStack.C3P.Tests;

public sealed class ConferenceInfoXmlTests
{
    private static IEnumerable<string> Names() => Fixtures.ConferenceInfoNames();

    [TestCaseSource(nameof(Names))]
    public void WriteThenParse_Fixture_GivesTheSameDocument(string name)
    {
        var document = ConferenceInfoXml.Parse(Fixtures.Bytes("conference-info", name));
        Assert.Multiple(() =>
        {
            Assert.That(ConferenceInfoXml.Parse(ConferenceInfoXml.Write(document)), Is.EqualTo(document));
            Assert.That(ConferenceInfoXml.Parse(ConferenceInfoXml.Write(document, indent: true)), Is.EqualTo(document));
        });
    }

    [Test]
    public void Parse_Full_ReadsEverySection()
    {
        var document = ConferenceInfoXml.Parse(Fixtures.Bytes("conference-info", "full.xml"));
        Assert.Multiple(() =>
        {
            Assert.That(document.Entity, Does.EndWith("app:conf:focus:id:K7QW2Z9M"));
            Assert.That(document.State, Is.EqualTo(ConferenceElementState.Full));
            Assert.That(document.Version, Is.EqualTo(6));
            var description = document.Description!;
            Assert.That(description.Subject, Is.EqualTo("Design review"));
            Assert.That(description.ConfUris!.Entries.Select(e => e.Purpose), Is.EqualTo(new[] { "chat", "audio-video" }));
            Assert.That(description.MaximumUserCount, Is.EqualTo(250));
            Assert.That(description.ConferenceId, Is.EqualTo("K7QW2Z9M"));
            Assert.That(description.Extensions.Select(e => e.LocalName), Is.EqualTo(new[] { "separator", "organizer" }));
            Assert.That(document.HostInfo!.WebPage, Is.EqualTo("https://meet.example.org/ann/K7QW2Z9M"));
            Assert.That(document.ConferenceState!.UserCount, Is.EqualTo(2));
            Assert.That(document.ConferenceState.Active, Is.True);
            Assert.That(document.ConferenceState.Locked, Is.False);
            var ann = document.Users!.Users[0];
            Assert.That(ann.Roles, Is.EqualTo(new[] { "presenter" }));
            Assert.That(ann.Endpoints.Select(e => e.SessionType), Is.EqualTo(new[] { "focus", "audio-video" }));
            Assert.That(ann.Endpoints[1].Media.Single().MediaIngressFilter, Is.EqualTo("unblock"));
            Assert.That(document.ConferenceView!.EntityViews, Has.Count.EqualTo(2));
            Assert.That(document.ConferenceView.EntityViews[1].Extensions.Single().LocalName, Is.EqualTo("entity-state"));
        });
    }

    [Test]
    public void Parse_PrefixedDocument_ReadsTheSameAsDefaultNamespace()
    {
        var document = ConferenceInfoXml.Parse(Fixtures.Bytes("conference-info", "partial-new-endpoint.xml"));
        var endpoint = document.Users!.Users.Single().Endpoints.Single();
        Assert.Multiple(() =>
        {
            Assert.That(endpoint.State, Is.EqualTo(ConferenceElementState.Full));
            Assert.That(endpoint.Media.Single().MediaIngressFilter, Is.EqualTo("block"));
            Assert.That(document.ConferenceState!.UserCount, Is.EqualTo(2));
        });
    }

    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info"/>""", C3PParseErrorReason.MissingAttribute)]
    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f" state="half"/>""", C3PParseErrorReason.InvalidAttribute)]
    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f" version="-3"/>""", C3PParseErrorReason.InvalidAttribute)]
    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f" version="4294967296"/>""", C3PParseErrorReason.InvalidAttribute)]
    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f"><users><user/></users></conference-info>""", C3PParseErrorReason.MissingAttribute)]
    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f"><users><user entity="u"><endpoint entity="e"><media/></endpoint></user></users></conference-info>""", C3PParseErrorReason.MissingAttribute)]
    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f"><conference-state><locked>yes</locked></conference-state></conference-info>""", C3PParseErrorReason.InvalidValue)]
    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f"><conference-state><user-count>+1</user-count></conference-state></conference-info>""", C3PParseErrorReason.InvalidValue)]
    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f"><conference-description><subject>a</subject><subject>b</subject></conference-description></conference-info>""", C3PParseErrorReason.UnexpectedElement)]
    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f"><conference-description><subject>a<b/></subject></conference-description></conference-info>""", C3PParseErrorReason.UnexpectedElement)]
    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f"><conference-description><conf-uris><entry/></conf-uris></conference-description></conference-info>""", C3PParseErrorReason.MissingElement)]
    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f"><conference-description xmlns:m="http://schemas.microsoft.com/rtc/2005/08/confinfoextensions"><m:expiry-time>tomorrow</m:expiry-time></conference-description></conference-info>""", C3PParseErrorReason.InvalidValue)]
    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f"><users><user entity="u"><roles><entry>a</entry><other/></roles></user></users></conference-info>""", C3PParseErrorReason.UnexpectedElement)]
    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f"><users><user entity="u"><roles x="1"/></user></users></conference-info>""", C3PParseErrorReason.InvalidAttribute)]
    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f"><users/><users/></conference-info>""", C3PParseErrorReason.UnexpectedElement)]
    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f"></conference-info><extra/>""", C3PParseErrorReason.MalformedXml)]
    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f"><conference-description><subject lang="en">a</subject></conference-description></conference-info>""", C3PParseErrorReason.InvalidAttribute)]
    [TestCase("""<request xmlns="urn:ietf:params:xml:ns:cccp"/>""", C3PParseErrorReason.UnexpectedRoot)]
    public void Parse_Invalid_IsRejectedWithReason(string body, C3PParseErrorReason reason)
    {
        var error = Assert.Throws<C3PParseException>(() => ConferenceInfoXml.Parse(body))!;
        Assert.That(error.Reason, Is.EqualTo(reason), error.Message);
    }

    [Test]
    public void Parse_ExtensionWithLayoutWhitespace_DropsOnlyTheLayout()
    {
        const string body = """
            <conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f">
              <x:note xmlns:x="urn:example:x">
                <x:a> kept </x:a>
              </x:note>
            </conference-info>
            """;
        var note = ConferenceInfoXml.Parse(body).Extensions.Single();
        Assert.That(note.Children, Has.Count.EqualTo(1));
        Assert.That(((XmlExtensionElement)note.Children[0]).Children.Single(), Is.EqualTo(new XmlExtensionText(" kept ")));
    }

    [Test]
    public void Write_DateTime_IsUtcWithZ()
    {
        var document = new ConferenceInfoDocument
        {
            Entity = "f",
            Description = new ConferenceDescription { ExpiryTime = new DateTimeOffset(2009, 7, 13, 19, 0, 0, TimeSpan.FromHours(2)) },
        };
        var text = System.Text.Encoding.UTF8.GetString(ConferenceInfoXml.Write(document));
        Assert.That(text, Does.Contain(">2009-07-13T17:00:00Z<"));
    }
}

public sealed class ConferenceInfoDateTests
{
    [TestCase("0001-01-01T00:00:00+01:00")]
    [TestCase("9999-12-31T23:59:59-14:00")]
    [TestCase("2009-13-01T00:00:00Z")]
    public void Parse_ExpiryTimeOutOfRange_IsInvalidValue(string value)
    {
        var body = $"""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="f"><conference-description><e:expiry-time xmlns:e="http://schemas.microsoft.com/rtc/2005/08/confinfoextensions">{value}</e:expiry-time></conference-description></conference-info>""";
        var error = Assert.Throws<C3PParseException>(() => ConferenceInfoXml.Parse(body))!;
        Assert.That(error.Reason, Is.EqualTo(C3PParseErrorReason.InvalidValue), error.Message);
    }
}
