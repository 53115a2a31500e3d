namespace Vrsky.Redis.Tests;

public class RedisOptsTests
{
    [Fact]
    public void ParsesTheAspireConnectionString()
    {
        var opts = RedisOpts.FromConnectionString("127.0.0.1:6380,password=s3cr=t");
        Assert.Equal("127.0.0.1", opts.Host);
        Assert.Equal(6380, opts.Port);
        Assert.Equal("s3cr=t", opts.Password);
        Assert.Null(opts.User);
        Assert.False(opts.Ssl);
    }

    [Fact]
    public void ParsesUserSslDatabaseAndTimeouts()
    {
        var opts = RedisOpts.FromConnectionString("cache.local:7000, password=x ,user=app,ssl=true,defaultDatabase=3,abortConnect=false,connectTimeout=1500,syncTimeout=250,name=gw");
        Assert.Equal(("cache.local", 7000), (opts.Host, opts.Port));
        Assert.Equal("app", opts.User);
        Assert.True(opts.Ssl);
        Assert.Equal(3, opts.Database);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), opts.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), opts.CommandTimeout);
        Assert.Equal("gw", opts.ClientName);
    }

    [Theory]
    [InlineData("localhost", "localhost", 6379)]
    [InlineData("[::1]:6390", "::1", 6390)]
    [InlineData("a:1,b:2", "a", 1)]
    public void ParsesEndpoints(string connectionString, string host, int port)
    {
        var opts = RedisOpts.FromConnectionString(connectionString);
        Assert.Equal((host, port), (opts.Host, opts.Port));
    }

    [Theory]
    [InlineData("password=x", "no host:port")]
    [InlineData("h:0", "bad port")]
    [InlineData("h:1,passwrd=topsecret", "Unknown Redis connection string option 'passwrd'")]
    [InlineData("h:1,ssl=maybe", "must be true or false")]
    public void RejectsBadConnectionStrings(string connectionString, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => RedisOpts.FromConnectionString(connectionString));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToStringNeverShowsThePassword()
    {
        var opts = RedisOpts.FromConnectionString("127.0.0.1:6379,password=hunter2");
        Assert.DoesNotContain("hunter2", opts.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", opts.ToString(), StringComparison.Ordinal);
    }
}
