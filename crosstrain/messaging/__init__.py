"""Coach–runner messages: one conversation per runner, between the runner and the coaches who coach them."""
