using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UcStack.C3P;

namespace UcStack.Server.Tests.Web;

/// <summary><c>POST /c3p</c>: the C3P HTTPS binding in front of a focus factory from the host's DI.</summary>
[TestFixture]
public sealed class C3PEndpointTests
{
    private HttpsTestHost? _host;
    private ConferenceFocusFactory? _factory;

    [TearDown]
    public async Task TearDown()
    {
        if (_host is not null) await _host.DisposeAsync();
        _host = null;
        _factory?.Dispose();
        _factory = null;
    }

    private async Task<HttpsTestHost> StartWithFactory()
    {
        _factory = new ConferenceFocusFactory();
        return _host = await HttpsTestHost.StartAsync(register: services => services.AddSingleton(_factory));
    }

    private C3PHttpClient C3P(string user) =>
        new(_host!.Client(user, user + "pass"), new Uri(_host.BaseAddress, "/c3p")) { Timeout = HttpsTestHost.Bound };

    [Test]
    public async Task Post_AddConference_RoundTripCreatesIt()
    {
        await StartWithFactory();
        var request = ConferenceKit.AddConference();
        var response = await C3P("alice").SendAsync(request, _host!.Timeout);
        var info = ((AddConferenceCommand)response.Command).ConferenceInfo;
        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(C3PResponseCode.Success), response.FailureReason.ToString());
            Assert.That(response.Answers(request), Is.True);
            Assert.That(info?.Entity, Is.EqualTo(ConferenceKit.FocusUri));
        });
        Assert.That(await _factory!.GetFocusAsync(ConferenceKit.ConferenceId, _host.Timeout), Is.Not.Null, "the factory made the conference");
    }

    [Test]
    public async Task Post_JoinOverHttps_UserBecomesParticipant()
    {
        await StartWithFactory();
        await C3P("alice").SendAsync(ConferenceKit.AddConference(), _host!.Timeout);
        var joined = await C3P("bob").SendAsync(ConferenceKit.Join(ConferenceKit.Bob), _host.Timeout);
        Assert.That(joined.Code, Is.EqualTo(C3PResponseCode.Success), joined.FailureReason.ToString());
        var focus = await _factory!.GetFocusAsync(ConferenceKit.ConferenceId, _host.Timeout);
        Assert.That(focus!.IsParticipant(ConferenceKit.Bob), Is.True);
    }

    [Test]
    public async Task Post_FromAnotherUser_ForbiddenFailure()
    {
        await StartWithFactory();
        // bob authenticates but claims to be alice: the caller is who authenticated, so the factory refuses.
        var response = await C3P("bob").SendAsync(ConferenceKit.AddConference(ConferenceKit.Alice), _host!.Timeout);
        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(C3PResponseCode.Failure));
            Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.Forbidden));
        });
        Assert.That(await _factory!.GetFocusAsync(ConferenceKit.ConferenceId, _host.Timeout), Is.Null);
    }

    [Test]
    public async Task Post_NoFactoryRegistered_503()
    {
        _host = await HttpsTestHost.StartAsync();
        using var content = new ByteArrayContent(C3PXml.Write(ConferenceKit.AddConference()));
        content.Headers.ContentType = new MediaTypeHeaderValue(C3PNamespaces.CccpContentType);
        using var response = await _host.Client("alice", "alicepass").PostAsync("/c3p", content, _host.Timeout);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(await response.Content.ReadAsStringAsync(_host.Timeout), Does.Contain("focus factory"));
        });
    }

    [Test]
    public async Task Post_WrongContentType_415()
    {
        await StartWithFactory();
        using var content = new StringContent(Encoding.UTF8.GetString(C3PXml.Write(ConferenceKit.AddConference())), Encoding.UTF8, "application/xml");
        using var response = await _host!.Client("alice", "alicepass").PostAsync("/c3p", content, _host.Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task Post_NotC3P_400()
    {
        await StartWithFactory();
        using var content = new StringContent("<not-c3p/>");
        content.Headers.ContentType = new MediaTypeHeaderValue(C3PNamespaces.CccpContentType);
        using var response = await _host!.Client("alice", "alicepass").PostAsync("/c3p", content, _host.Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Post_BodyOverLimit_413()
    {
        await StartWithFactory();
        using var content = new ByteArrayContent(new byte[256 * 1024 + 1]);
        content.Headers.ContentType = new MediaTypeHeaderValue(C3PNamespaces.CccpContentType);
        using var response = await _host!.Client("alice", "alicepass").PostAsync("/c3p", content, _host.Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task Get_C3P_405()
    {
        await StartWithFactory();
        using var response = await _host!.Client("alice", "alicepass").GetAsync("/c3p", _host.Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }
}
