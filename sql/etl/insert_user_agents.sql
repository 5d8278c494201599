-- Stores the classification of new user agents (from the frame new_agents(user_agent, is_bot)).
INSERT INTO user_agents SELECT user_agent, is_bot FROM new_agents
