using System.Net.Http.Headers;
using System.Security.Cryptography;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace PoolDash.Web.Notifications;

/// <summary>
/// Sends a message to a channel once (retries are the dispatcher's, under the same idempotency key). A failure is a
/// <see cref="ChannelFailure"/> whose text names the channel's shown target, never a secret URL or password.
/// </summary>
internal sealed class ChannelSender(IHttpClientFactory http)
{
    public const string HttpClientName = "PoolDash.Notifications";
    public const string SignatureHeader = "X-PoolDash-Signature";
    public const string IdempotencyHeader = "X-PoolDash-Idempotency-Key";

    public async Task SendAsync(ChannelRecord channel, ChannelSecrets secrets, NotificationMessage message, CancellationToken cancellationToken)
    {
        if (channel.Kind == ChannelKinds.Email)
        {
            await MailAsync(channel, secrets, message, cancellationToken).ConfigureAwait(false);
            return;
        }

        var body = channel.Kind switch
        {
            ChannelKinds.Webhook => message.WebhookBody(),
            ChannelKinds.Teams => message.TeamsBody(),
            _ => message.ChatBody(),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, secrets.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(IdempotencyHeader, message.IdempotencyKey);
        if (channel.Kind == ChannelKinds.Webhook && !string.IsNullOrEmpty(secrets.Secret))
        {
            request.Headers.Add(SignatureHeader, Signature(secrets.Secret, body));
        }

        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException)
        {
            throw new ChannelFailure($"{channel.Target} did not answer: {Reason(e)}", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new ChannelFailure($"{channel.Target} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
        }
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body under the channel's secret.</summary>
    public static string Signature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body));

    private static async Task MailAsync(ChannelRecord channel, ChannelSecrets secrets, NotificationMessage message, CancellationToken cancellationToken)
    {
        var mail = new MimeMessage
        {
            Subject = "[PoolDash] " + message.Title,
            Body = new TextPart("plain") { Text = message.Text },
            // Retries carry the same Message-ID: a mail system that already has it can drop the copy.
            MessageId = $"{message.IdempotencyKey}@pooldash",
        };
        mail.From.Add(MailboxAddress.Parse(channel.MailFrom!));
        foreach (var to in (channel.MailTo ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            mail.To.Add(MailboxAddress.Parse(to));
        }

        mail.Headers.Add(IdempotencyHeader, message.IdempotencyKey);
        using var smtp = new SmtpClient { Timeout = 30_000 };
        try
        {
            var security = channel.SmtpSecurity switch
            {
                "tls" => SecureSocketOptions.SslOnConnect,
                "starttls" => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.None,
            };
            await smtp.ConnectAsync(channel.SmtpHost ?? "", channel.SmtpPort ?? 587, security, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(channel.SmtpUserName))
            {
                await smtp.AuthenticateAsync(channel.SmtpUserName, secrets.Password ?? "", cancellationToken).ConfigureAwait(false);
            }

            await smtp.SendAsync(mail, cancellationToken).ConfigureAwait(false);
            await smtp.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException or AuthenticationException
            or System.Security.Authentication.AuthenticationException or System.Net.Sockets.SocketException or IOException or TimeoutException
            or MailKit.ServiceNotConnectedException or MailKit.ServiceNotAuthenticatedException or OperationCanceledException)
        {
            throw new ChannelFailure($"SMTP {channel.SmtpHost}:{channel.SmtpPort}: {Reason(e)}", e);
        }
    }

    private static string Reason(Exception e) => e is TaskCanceledException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException
        ? "timed out"
        : e.Message.Split('\n')[0].Trim();
}

/// <summary>A channel did not take a message; the text is safe to show and store.</summary>
internal sealed class ChannelFailure(string message, Exception? inner = null) : Exception(message, inner);
