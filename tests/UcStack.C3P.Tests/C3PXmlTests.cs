using System.Text;

namespace UcStack.C3P.Tests;

public sealed class C3PXmlTests
{
    private const string Focus = "sip:ann@example.org;gruu;opaque=app:conf:focus:id:K7QW2Z9M";

    private static C3PParseException Reject(string body) => Assert.Throws<C3PParseException>(() => C3PXml.Parse(body))!;

    private static string Request(string command, string attributes = "") =>
        $"""<request xmlns="urn:ietf:params:xml:ns:cccp" requestId="12" from="sip:ann@example.org" to="{Focus}" {attributes}>{command}</request>""";

    [Test]
    public void Parse_DifferentPrefixes_GiveTheSameMessage()
    {
        const string defaults = """
            <request xmlns="urn:ietf:params:xml:ns:cccp" requestId="12" from="sip:ann@example.org" to="sip:f@example.org">
              <modifyUserRoles>
                <userKeys confEntity="sip:f@example.org" userEntity="sip:bob@example.org"/>
                <user-roles xmlns="urn:ietf:params:xml:ns:conference-info"><entry>presenter</entry></user-roles>
              </modifyUserRoles>
            </request>
            """;
        const string prefixed = """
            <c:request xmlns:c="urn:ietf:params:xml:ns:cccp" xmlns:x="urn:ietf:params:xml:ns:conference-info" requestId="12" from="sip:ann@example.org" to="sip:f@example.org">
              <c:modifyUserRoles>
                <c:userKeys confEntity="sip:f@example.org" userEntity="sip:bob@example.org"/>
                <x:user-roles><x:entry>presenter</x:entry></x:user-roles>
              </c:modifyUserRoles>
            </c:request>
            """;
        Assert.That(C3PXml.Parse(prefixed), Is.EqualTo(C3PXml.Parse(defaults)));
    }

    [Test]
    public void Parse_WrongNamespaceWithRightName_IsUnexpectedRoot()
    {
        var error = Reject("""<request xmlns="urn:example:other" requestId="1" from="a" to="b"><getConferences/></request>""");
        Assert.That(error.Reason, Is.EqualTo(C3PParseErrorReason.UnexpectedRoot));
    }

    [Test]
    public void Parse_UnknownElementsAndAttributes_ArePreservedAndWrittenBack()
    {
        var body = Request(
            $"""
            <modifyConferenceLock xmlns:v="urn:example:vendor" v:audit="yes">
              <conferenceKeys confEntity="{Focus}" v:shard="7"/>
              <locked>true</locked>
              <v:reason-text lang="en">maintenance<v:detail code="4"/>window</v:reason-text>
            </modifyConferenceLock>
            """,
            """xmlns:v="urn:example:vendor" v:trace="abc" """);
        var request = (C3PRequest)C3PXml.Parse(body);
        var command = (ModifyConferenceLockCommand)request.Command;
        Assert.Multiple(() =>
        {
            Assert.That(request.ExtraAttributes, Is.EqualTo(new[] { new XmlAttributeEntry("urn:example:vendor", "trace", "abc") }));
            Assert.That(command.ExtraAttributes, Is.EqualTo(new[] { new XmlAttributeEntry("urn:example:vendor", "audit", "yes") }));
            Assert.That(command.Keys!.ExtraAttributes, Is.EqualTo(new[] { new XmlAttributeEntry("urn:example:vendor", "shard", "7") }));
            var extension = command.Extensions.Single();
            Assert.That(extension.LocalName, Is.EqualTo("reason-text"));
            Assert.That(extension.Attributes, Is.EqualTo(new[] { new XmlAttributeEntry("", "lang", "en") }));
            Assert.That(extension.Children, Has.Count.EqualTo(3));
            Assert.That(extension.Children[0], Is.EqualTo(new XmlExtensionText("maintenance")));
            Assert.That(((XmlExtensionElement)extension.Children[1]).LocalName, Is.EqualTo("detail"));
        });
        var written = Encoding.UTF8.GetString(C3PXml.Write(request));
        Assert.That(written, Does.Contain("maintenance<").And.Contain(">window</"));
        Assert.That(C3PXml.Parse(written), Is.EqualTo(request));
    }

    [Test]
    public void Parse_UnknownCommand_IsKeptWhole()
    {
        var request = (C3PRequest)C3PXml.Parse(Request("""<getEncryptionKey purpose="x"><conferenceKeys confEntity="f"/></getEncryptionKey>"""));
        var command = (UnknownC3PCommand)request.Command;
        Assert.Multiple(() =>
        {
            Assert.That(command.Name, Is.EqualTo("getEncryptionKey"));
            Assert.That(command.Namespace, Is.EqualTo(C3PNamespaces.Cccp));
            Assert.That(command.ExtraAttributes.Single().LocalName, Is.EqualTo("purpose"));
            Assert.That(command.Extensions.Single().LocalName, Is.EqualTo("conferenceKeys"));
            Assert.That(C3PXml.Parse(C3PXml.Write(request)), Is.EqualTo(request));
        });
    }

    [TestCase("""<request xmlns="urn:ietf:params:xml:ns:cccp" from="a" to="b"><getConferences/></request>""", C3PParseErrorReason.MissingAttribute)]
    [TestCase("""<request xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" to="b"><getConferences/></request>""", C3PParseErrorReason.MissingAttribute)]
    [TestCase("""<request xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" from="a"><getConferences/></request>""", C3PParseErrorReason.MissingAttribute)]
    [TestCase("""<request xmlns="urn:ietf:params:xml:ns:cccp" requestId="-1" from="a" to="b"><getConferences/></request>""", C3PParseErrorReason.InvalidAttribute)]
    [TestCase("""<request xmlns="urn:ietf:params:xml:ns:cccp" requestId="99999999999999999999" from="a" to="b"><getConferences/></request>""", C3PParseErrorReason.InvalidAttribute)]
    [TestCase("""<response xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" from="a" to="b"><getConferences/></response>""", C3PParseErrorReason.MissingAttribute)]
    [TestCase("""<response xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" from="a" to="b" code="ok"><getConferences/></response>""", C3PParseErrorReason.InvalidAttribute)]
    [TestCase("""<request xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" from="a" to="b"/>""", C3PParseErrorReason.CommandCount)]
    [TestCase("""<request xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" from="a" to="b"><getConferences/><getConferences/></request>""", C3PParseErrorReason.CommandCount)]
    [TestCase("""<request xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" from="a" to="b">text<getConferences/></request>""", C3PParseErrorReason.UnexpectedElement)]
    [TestCase("""<request xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" from="a" to="b"><deleteUser/></request>""", C3PParseErrorReason.MissingElement)]
    [TestCase("""<request xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" from="a" to="b"><deleteUser><userKeys confEntity="f"/></deleteUser></request>""", C3PParseErrorReason.MissingAttribute)]
    [TestCase("""<request xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" from="a" to="b"><modifyConferenceLock><conferenceKeys confEntity="f"/><locked>maybe</locked></modifyConferenceLock></request>""", C3PParseErrorReason.InvalidValue)]
    [TestCase("""<request xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" from="a" to="b"><modifyConferenceLock><conferenceKeys confEntity="f"/><conferenceKeys confEntity="g"/><locked>true</locked></modifyConferenceLock></request>""", C3PParseErrorReason.UnexpectedElement)]
    [TestCase("""<request xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" from="a" to="b"><getConferences>""", C3PParseErrorReason.MalformedXml)]
    [TestCase("""<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="x"/>""", C3PParseErrorReason.UnexpectedRoot)]
    [TestCase("""<response xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" from="a" to="b" code="success"><addUser><connection-info x="1"/></addUser></response>""", C3PParseErrorReason.InvalidAttribute)]
    [TestCase("""<response xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" from="a" to="b" code="success"><addUser><connection-info><entry x="1"><key>k</key></entry></connection-info></addUser></response>""", C3PParseErrorReason.InvalidAttribute)]
    [TestCase("""<response xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" from="a" to="b" code="success"><addUser><connection-info><entry><value>v</value></entry></connection-info></addUser></response>""", C3PParseErrorReason.MissingElement)]
    [TestCase("""<response xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" from="a" to="b" code="success"><addUser><connection-info><other/></connection-info></addUser></response>""", C3PParseErrorReason.UnexpectedElement)]
    [TestCase("""<request xmlns="urn:ietf:params:xml:ns:cccp" xmlns:m="http://schemas.microsoft.com/rtc/2005/08/confinfoextensions" requestId="1" from="a" to="b"><getConference><conferenceKeys m:conference-id="X"/><m:encryption-key/></getConference></request>""", C3PParseErrorReason.MissingElement)]
    [TestCase("""<request xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" from="a" to="b"><modifyConferenceLock><conferenceKeys confEntity="f"><x/></conferenceKeys><locked>true</locked></modifyConferenceLock></request>""", C3PParseErrorReason.UnexpectedElement)]
    [TestCase("""<request xmlns="urn:ietf:params:xml:ns:cccp" requestId="1" from="a" to="b"><modifyEndpointMedia><mediaKeys confEntity="f" userEntity="u" endpointEntity="e"/></modifyEndpointMedia></request>""", C3PParseErrorReason.MissingAttribute)]
    [TestCase("", C3PParseErrorReason.MalformedXml)]
    public void Parse_BadEnvelope_IsRejectedWithReason(string body, C3PParseErrorReason reason)
    {
        var error = Reject(body);
        Assert.That(error.Reason, Is.EqualTo(reason), error.Message);
        Assert.That(error.Message, Does.Contain("line"));
    }

    [Test]
    public void Parse_Error_CarriesLineAndPosition()
    {
        var error = Reject("<request xmlns=\"urn:ietf:params:xml:ns:cccp\" requestId=\"1\" from=\"a\" to=\"b\">\n  <modifyConferenceLock>\n    <conferenceKeys confEntity=\"f\"/>\n    <locked>perhaps</locked>\n  </modifyConferenceLock>\n</request>");
        Assert.Multiple(() =>
        {
            Assert.That(error.Reason, Is.EqualTo(C3PParseErrorReason.InvalidValue));
            Assert.That(error.LineNumber, Is.EqualTo(4));
            Assert.That(error.LinePosition, Is.GreaterThan(0));
            Assert.That(error.Detail, Does.Contain("perhaps"));
        });
    }

    [Test]
    public void Parse_PendingCode_IsAcceptedButNeverWritten()
    {
        var response = (C3PResponse)C3PXml.Parse("""<response xmlns="urn:ietf:params:xml:ns:cccp" requestId="4" from="f" to="a" code="pending"><modifyConferenceLock/></response>""");
        Assert.That(response.Code, Is.EqualTo(C3PResponseCode.Pending));
        Assert.Throws<ArgumentException>(() => C3PXml.Write(response));
    }

    [Test]
    public void Parse_EnvelopeReason_IsKeptAndUsedWhenTheCommandHasNone()
    {
        var response = (C3PResponse)C3PXml.Parse("""<response xmlns="urn:ietf:params:xml:ns:cccp" requestId="4" from="f" to="a" code="failure" reason="timeout"><deleteUser/></response>""");
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.Timeout));
        Assert.That(C3PXml.Parse(C3PXml.Write(response)), Is.EqualTo(response));
    }

    [Test]
    public void Parse_UnrecognizedReason_KeepsTheRawText()
    {
        var response = (C3PResponse)C3PXml.Parse("""<response xmlns="urn:ietf:params:xml:ns:cccp" requestId="4" from="f" to="a" code="failure"><deleteUser reason="somethingNew"/></response>""");
        Assert.Multiple(() =>
        {
            Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.Unrecognized));
            Assert.That(response.Command.Reason, Is.EqualTo("somethingNew"));
        });
    }

    [Test]
    public void FailureReasons_TextMapsBothWays()
    {
        foreach (var reason in Enum.GetValues<C3PFailureReason>().Where(r => r is not (C3PFailureReason.None or C3PFailureReason.Unrecognized)))
        {
            Assert.That(C3PFailureReasons.FromText(C3PFailureReasons.ToText(reason)), Is.EqualTo(reason));
        }

        Assert.That(C3PFailureReasons.FromText("otherFailure"), Is.EqualTo(C3PFailureReason.OtherFailure));
        Assert.That(C3PFailureReasons.FromText(null), Is.EqualTo(C3PFailureReason.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => C3PFailureReasons.ToText(C3PFailureReason.Unrecognized));
    }

    [Test]
    public void CreateResponse_SwapsFromAndTo_AndAnswersTheRequest()
    {
        var request = new C3PRequest
        {
            RequestId = 77,
            From = "sip:ann@example.org",
            To = Focus,
            C3PVersion = "1",
            Command = new DeleteUserCommand { Keys = new UserKeys { ConfEntity = Focus, UserEntity = "sip:bob@example.org" } },
        };
        var response = request.CreateResponse(C3PResponseCode.Failure, new DeleteUserCommand { Reason = "userDoesNotExist" });
        Assert.Multiple(() =>
        {
            Assert.That(response.From, Is.EqualTo(Focus));
            Assert.That(response.To, Is.EqualTo("sip:ann@example.org"));
            Assert.That(response.RequestId, Is.EqualTo(77));
            Assert.That(response.Answers(request), Is.True);
            Assert.That((response with { RequestId = 78 }).Answers(request), Is.False);
            Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.UserDoesNotExist));
        });
        Assert.Throws<ArgumentException>(() => request.CreateResponse(C3PResponseCode.Success, new GetConferencesCommand()));
    }

    [Test]
    public void Write_Request_UsesTheCccpDefaultNamespaceAndDeclaredPrefixes()
    {
        var request = C3PXml.Parse(Fixtures.Bytes("c3p", "addUser-join.request.xml"));
        var text = Encoding.UTF8.GetString(C3PXml.Write(request));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.StartWith("<?xml version=\"1.0\" encoding=\"utf-8\"?><request xmlns=\"urn:ietf:params:xml:ns:cccp\" xmlns:ci=\"urn:ietf:params:xml:ns:conference-info\""));
            Assert.That(text, Does.Contain("xmlns=\"urn:ietf:params:xml:ns:cccp\""));
            Assert.That(text, Does.Contain("<ci:user entity=\"sip:bob@example.org\">"));
            Assert.That(text, Does.Contain("<addUser><conferenceKeys confEntity="));
        });
    }

    [Test]
    public void Write_ControlCharacterThatXmlCannotCarry_ThrowsArgumentException()
    {
        var request = new C3PRequest { RequestId = 1, From = "a\u0001", To = "b", Command = new GetConferencesCommand() };
        Assert.Throws<ArgumentException>(() => C3PXml.Write(request));
    }

    [Test]
    public void Write_ValuesWithLineBreaksAndTabs_SurviveTheReadersNormalisation()
    {
        var request = new C3PRequest
        {
            RequestId = 1,
            From = "a\r\nb\tc",
            To = " padded ",
            Command = new SetLobbyAccessCommand { Keys = new ConferenceKeys { ConfEntity = "f" }, UserEntities = ["x\r\ny", "  "], Access = "\r" },
        };
        Assert.That(C3PXml.Parse(C3PXml.Write(request)), Is.EqualTo(request));
    }

    [Test]
    public void TryParse_BadBody_ReturnsTheError()
    {
        Assert.That(C3PXml.TryParse("<x/>"u8, out var message, out var error), Is.False);
        Assert.That(message, Is.Null);
        Assert.That(error!.Reason, Is.EqualTo(C3PParseErrorReason.UnexpectedRoot));
        Assert.That(C3PXml.TryParse(Fixtures.Bytes("c3p", "deleteUser.request.xml"), out message, out error), Is.True);
        Assert.That(error, Is.Null);
    }
}
