var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNatsClient("nats");

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
