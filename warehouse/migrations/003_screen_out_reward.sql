-- Survey walls pay a little on disqualification (Swagbucks' dqpout); kept in the listing's currency.
ALTER TABLE listings ADD COLUMN screen_out_reward DECIMAL(14, 4);
