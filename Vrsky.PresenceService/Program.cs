var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("chat");
builder.AddRabbitMQConnection("rabbitmq");
var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
