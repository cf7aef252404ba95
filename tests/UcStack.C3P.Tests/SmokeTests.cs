using UcStack.C3P;

namespace UcStack.C3P.Tests;

public sealed class C3PXmlSmokeTests
{
    [Test]
    public void Parse_JoinRequestFromDigest_ReadsAddUser()
    {
        const string body = """
            <request xmlns="urn:ietf:params:xml:ns:cccp"
                     xmlns:mscp="http://schemas.microsoft.com/rtc/2005/08/cccpextensions"
                     C3PVersion="1" requestId="1" from="sip:bob@example.org"
                     to="sip:ann@example.org;gruu;opaque=app:conf:focus:id:K7QW2Z9M">
              <addUser>
                <conferenceKeys confEntity="sip:ann@example.org;gruu;opaque=app:conf:focus:id:K7QW2Z9M"/>
                <ci:user xmlns:ci="urn:ietf:params:xml:ns:conference-info" entity="sip:bob@example.org">
                  <ci:roles><ci:entry>attendee</ci:entry></ci:roles>
                  <ci:endpoint entity="{6E1F3B2A-0000-4C1D-9E11-0123456789AB}"/>
                </ci:user>
              </addUser>
            </request>
            """;
        var request = (C3PRequest)C3PXml.Parse(body);
        var addUser = (AddUserCommand)request.Command;
        Assert.That(addUser.User!.Roles, Is.EqualTo(new[] { "attendee" }));
        var again = C3PXml.Parse(C3PXml.Write(request));
        Assert.That(again, Is.EqualTo(request));
    }
}
